# Liasse: the two commands of the README, and the ones developers use.
#   make demo    install what is missing, build, run a demo batch end to end, print results and KPIs
#   make test    install what is missing, run the whole test suite
.PHONY: demo test setup build models lint fmt

CARGO ?= cargo

setup:
	scripts/setup.sh

build: setup
	$(CARGO) build --locked

demo: build
	scripts/demo.sh

# The crash tests inject faults, so the suite is built with the failpoints feature.
test: setup
	scripts/test.sh

models:
	$(MAKE) -C models models

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --features failpoints -- -D warnings

fmt:
	$(CARGO) fmt --all
