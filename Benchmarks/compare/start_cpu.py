#!/usr/bin/env python3
"""CPU milliseconds per start of whole commands, in alternating rounds: each round runs every command
REPS times, one command after the other, and takes the children's user + system time per run (fork, exec,
dynamic linking, the command's work and exit); the median over rounds, with the range, is printed. CPU
time is what a shared machine's load inflates least; alternating puts every command in the same moments
of that load. Commands are separated by ':::'; MEDPREP_PSEUDONYM_KEY is set for medprep's sake.

    python3 Benchmarks/compare/start_cpu.py 15 20 -- OLD/medprep --version ::: NEW/medprep --version
"""
import os, resource, statistics, subprocess, sys

if len(sys.argv) < 5 or sys.argv[3] != "--":
    sys.exit(__doc__)
rounds, reps = int(sys.argv[1]), int(sys.argv[2])
commands = [command.split() for command in " ".join(sys.argv[4:]).split(" ::: ")]
env = {**os.environ, "MEDPREP_PSEUDONYM_KEY": "k" * 32}
load = os.getloadavg()[0]
times = [[] for _ in commands]
for _ in range(rounds):
    for i, command in enumerate(commands):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        for _ in range(reps):
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        times[i].append(cpu * 1000 / reps)
print(f"{rounds} rounds of {reps} runs each, load {load:.2f} before, {os.getloadavg()[0]:.2f} after")
for command, values in zip(commands, times):
    print(f"{statistics.median(values):8.2f} ms CPU per run (rounds {min(values):.2f}-{max(values):.2f})  {' '.join(command)}")
