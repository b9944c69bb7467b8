# The two commands of the README:
#   make demo   installs what is missing, builds in release mode, converts samples/ to shards
#   make test   installs what is missing, runs every test (Swift, then the Python reader/parity tests)
SWIFT ?= swift
DEMO_OUT ?= demo-out

.PHONY: deps build demo test swift-test python-test bench clean fuzz fuzz-smoke

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product medprep

demo: build
	scripts/demo.sh "$(DEMO_OUT)"

swift-test: deps
	$(SWIFT) build --product medprep
	$(SWIFT) test

python-test: deps
	$(SWIFT) build --product medprep
	python3 -m pytest -q -p no:cacheprovider Tests

test: swift-test python-test fuzz-smoke

# libFuzzer harnesses (Fuzz/run.sh): FUZZ_SECONDS per harness with a random seed, or, in make
# test, a fixed seed and FUZZ_RUNS inputs per harness; any crash, hang or allocation over 2 GB fails.
FUZZ_SECONDS ?= 300
FUZZ_RUNS ?= 2000

fuzz: deps
	Fuzz/run.sh --seconds $(FUZZ_SECONDS)

fuzz-smoke: deps
	Fuzz/run.sh --runs $(FUZZ_RUNS)

bench: deps
	cd Benchmarks && $(SWIFT) package benchmark

clean:
	rm -rf .build "$(DEMO_OUT)" "$(DEMO_OUT)-report"
