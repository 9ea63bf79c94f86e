# vardsim: the two-command set-up.
#   make run    install missing Debian packages, build, run the default job
#   make test   install missing Debian packages, build, run every test
#   make build  build only, into build/ (program at build/vardsim)
#   make mpi    build build/vardsim-mpi, the MPI build (docs/scaleout.md)
# Further targets: sanitize (ASan+UBSan build and tests in build-asan/),
# fuzz (every libFuzzer harness for FUZZ_SECONDS each, build-fuzz/ with clang),
# fuzz-ci (each harness for FUZZ_RUNS executions), bench, install PREFIX=..., clean.
BUILD  ?= build
PREFIX ?= /usr/local
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_CC      ?= clang-14
FUZZ_SECONDS ?= 60
FUZZ_RUNS    ?= 4000

.PHONY: all deps build mpi run test sanitize fuzz fuzz-build fuzz-ci bench install clean

all: build

deps:
	@tools/deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=$(PREFIX)

build: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

# the MPI build of the command (OpenMPI); the default build stays MPI-free
mpi: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS) --target vardsim_mpi

run: deps
	@$(MAKE) --no-print-directory build
	mkdir -p runs
	./$(BUILD)/vardsim run scenarios/today.yaml --out runs/today --force
	./$(BUILD)/vardsim run scenarios/policy.yaml --out runs/policy --force --baseline runs/today
	./$(BUILD)/vardsim compare runs/today runs/policy --html runs/compare.html
	@echo "reports: runs/today/report.html runs/policy/report.html runs/compare.html"

test: deps
	@$(MAKE) --no-print-directory build
	@$(MAKE) --no-print-directory mpi
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

sanitize: deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DVS_SANITIZE=ON
	cmake --build build-asan -j $(JOBS)
	cmake --build build-asan -j $(JOBS) --target vardsim_mpi
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  ctest --test-dir build-asan --output-on-failure -j $(JOBS)

fuzz-build: deps
	@tools/deps.sh --fuzz
	CC=$(FUZZ_CC) cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DVS_FUZZ=ON
	cmake --build build-fuzz -j $(JOBS) --target fuzzers

fuzz: fuzz-build
	VS_FUZZ_STRICT=1 fuzz/run.sh build-fuzz time $(FUZZ_SECONDS)

fuzz-ci: fuzz-build
	VS_FUZZ_STRICT=1 fuzz/run.sh build-fuzz runs $(FUZZ_RUNS)

bench: deps
	@tools/deps.sh --bench
	@$(MAKE) --no-print-directory build
	bench/run.sh $(BUILD)

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD) build-asan build-fuzz
