# Otklik: the two commands a newcomer needs are `make demo` and `make test`.
SHELL := /bin/bash
export GOTOOLCHAIN := local
# Fyne reads the locale at start; "C" is not a language and only makes it complain.
export LANGUAGE ?= ru

DEB_PACKAGES := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev
# Packages only the tests need: a real Dovecot for the end-to-end test, Xvfb for screenshots.
DEB_TEST_PACKAGES := dovecot-imapd dovecot-lmtpd xvfb xauth imagemagick poppler-utils
PKGS_RACE = $(shell go list ./... | grep -v '/cmd/otklik$$')

.PHONY: demo test deps deps-test build vet fmt-check test-race test-cmd test-budgets bench clean

demo: deps build
	./otklik demo

build:
	go build -o otklik ./cmd/otklik

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Устанавливаю пакеты для сборки окна: $$missing"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing; \
	  elif command -v sudo >/dev/null; then sudo apt-get update -qq && sudo apt-get install -y -qq $$missing; \
	  else echo "Нужны пакеты: sudo apt-get install $$missing"; exit 1; fi; \
	fi

deps-test: deps
	@missing=$$(for p in $(DEB_TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Устанавливаю пакеты для тестов: $$missing"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing; \
	  elif command -v sudo >/dev/null; then sudo apt-get update -qq && sudo apt-get install -y -qq $$missing; \
	  else echo "Нужны пакеты: sudo apt-get install $$missing"; exit 1; fi; \
	fi

fmt-check:
	@bad=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$bad" ]; then echo "gofmt would change: $$bad"; exit 1; fi

vet:
	go vet ./...

# The window's package (cgo, GLFW) is tested without -race: a race build would compile GLFW's C code a second
# time (~5 minutes here); every other package runs under the race detector.
test-race:
	go test -race -timeout 600s $(PKGS_RACE)

test-cmd:
	go test -timeout 600s ./cmd/otklik/

# Time budgets hold for the ordinary build; under -race they are widened, so they are proven here without it.
test-budgets:
	go test -count=1 -timeout 300s -run 'Budget|Hostile|Damaged|Duplicate|Speed|Filter|Under' ./mailbridge/parse/ ./ui/queue/ ./domain/screening/

test: deps-test fmt-check vet test-race test-cmd test-budgets

bench:
	go test -run '^$$' -bench . -benchmem -timeout 1200s ./domain/... ./storage/... ./mailbridge/... ./ui/...

clean:
	rm -f otklik

include Makefile.package
include Makefile.proofs
