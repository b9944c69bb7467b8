#!/usr/bin/env python3
"""compare.py's scaling row for several binaries in interleaved rounds: each round runs every binary
at --jobs 1 and then --jobs 2 on CORPUS (convert --overwrite into the binary's own folder, as
compare.py does), after one warm-up run each; medians of run() images/s and the per-round ratios.
Interleaving puts every binary's rows in the same moments of a shared machine's load.

    python3 Benchmarks/compare/scaling_ab.py /tmp/rgb48 OLD/medprep NEW/medprep
"""
import subprocess, json, os, sys, statistics
corpus=sys.argv[1]; bins=sys.argv[2:]; reps=5
env={**os.environ,"MEDPREP_PSEUDONYM_KEY":"k"*32}
def run(b,j):
    out="/tmp/scal-out-"+os.path.basename(b)
    p=subprocess.run([b,"convert",corpus,"--out",out,"--size","512","--resize","area","--normalize","none","--format","png8","--png-level","1","--jobs",str(j),"--split","1,0,0","--no-progress","--no-patient-id","--json","--overwrite"],capture_output=True,text=True,env=env,check=True)
    s=json.loads(p.stdout); return s["processed"]/s["seconds"]
res={b:([],[]) for b in bins}
for b in bins: run(b,2)
for r in range(reps):
    for b in bins:
        res[b][0].append(run(b,1)); res[b][1].append(run(b,2))
print("load", os.getloadavg())
for b,(one,two) in res.items():
    print(os.path.basename(b), "jobs1 %.1f jobs2 %.1f scaling %.2fx; per-rep %s"%(statistics.median(one),statistics.median(two),statistics.median(two)/statistics.median(one)," ".join("%.2f"%(y/x) for x,y in zip(one,two))))
