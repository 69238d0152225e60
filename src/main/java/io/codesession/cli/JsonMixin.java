package io.codesession.cli;

import picocli.CommandLine.Option;

/** {@code --json}: one JSON document on stdout, errors as JSON error objects. */
public class JsonMixin {

    @Option(names = "--json", description = "Machine-readable output: one JSON document on stdout.")
    public boolean json;
}
