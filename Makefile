# Conveniences over ./run (which is what the README and CI use).
.PHONY: lab test build lint
lab:
	./run lab
test:
	./run test
build:
	scripts/setup.sh
lint:
	npm run lint
