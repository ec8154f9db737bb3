# briefkit — every command a person needs. `make help` lists them.
PYTHON   ?= python3
VENV     ?= .venv
BIN      := $(VENV)/bin
AUDIENCE ?= soe
OUT      ?= out
SOURCES  ?= ../shared/sources
PORT     ?= 8000
HOST     ?= 127.0.0.1
RECIPIENTS ?= briefs/recipients/$(AUDIENCE).csv
STAMP    := $(VENV)/.installed
BRIEFS   := $(sort $(basename $(notdir $(wildcard briefs/*.yaml))))
NAME     ?=

.PHONY: new-audience help install brief briefs check facts-check test test-tools site serve watch bench invitations fonts clean

help:
	@echo "make brief AUDIENCE=NAME                      build one pack into $(OUT)/ (PDF + DOCX)"
	@echo "    briefs in briefs/: $(BRIEFS)"
	@echo "make briefs                                   build every brief in briefs/ and the download page"
	@echo "make check                                    check facts, briefs and templates; write nothing"
	@echo "make test                                     run the checks and the test suite"
	@echo "make site                                     write the download page $(OUT)/index.html"
	@echo "make serve PORT=8000 [HOST=0.0.0.0]           serve $(OUT)/ (this machine only unless HOST is given)"
	@echo "make watch AUDIENCE=soe                       rebuild on every edit"
	@echo "make invitations AUDIENCE=soe [RECIPIENTS=f]  one personalised pack per recipient (CSV or .xlsx)"
	@echo "    RESUME=1: keep the packs already built from the same inputs, build the rest"
	@echo "make new-audience NAME=university LABEL=高校版  a new brief and template folder to start from"
	@echo "make bench                                    measure build times and sizes"

# The virtual environment: created and filled on first use, refreshed when pyproject.toml changes.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	@touch $(STAMP)

install: $(STAMP)

fonts: $(STAMP)
	$(BIN)/python -m briefkit.fonts

brief: $(STAMP)
	$(BIN)/briefkit build $(AUDIENCE) --out $(OUT)

briefs: $(STAMP)
	$(BIN)/briefkit build --all --out $(OUT)
	$(BIN)/briefkit site --out $(OUT)

check: $(STAMP)
	$(BIN)/briefkit check --sources $(SOURCES)

facts-check: $(STAMP)
	$(BIN)/briefkit facts check --sources $(SOURCES)

test: $(STAMP)
	$(BIN)/briefkit facts check --sources $(SOURCES)
	$(BIN)/python -m pytest -n 2

# Optional: the outside tools some tests use to double-check outputs (Debian/Ubuntu, as root).
# Without them those tests are skipped with the reason.
test-tools:
	apt-get update -qq
	apt-get install -y -qq qpdf poppler-utils libreoffice-writer-nogui chromium

site: $(STAMP)
	$(BIN)/briefkit site --out $(OUT)

serve: $(STAMP)
	$(BIN)/briefkit serve --out $(OUT) --port $(PORT) --host $(HOST)

watch: $(STAMP)
	$(BIN)/briefkit watch $(AUDIENCE) --out $(OUT)

invitations: $(STAMP)
	$(BIN)/briefkit build $(AUDIENCE) --recipients "$(RECIPIENTS)" --out $(OUT)$(if $(RESUME), --resume)
	$(BIN)/briefkit site --out $(OUT)

new-audience: $(STAMP)
	$(BIN)/briefkit new audience "$(NAME)" $(if $(LABEL),--label "$(LABEL)")

bench: $(STAMP)
	$(BIN)/python -m briefkit.bench --out $(OUT)

clean:
	rm -rf $(OUT)
