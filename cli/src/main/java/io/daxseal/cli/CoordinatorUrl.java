package io.daxseal.cli;

import picocli.CommandLine.Option;

/** The {@code --coordinator URL} option of the commands that talk to the coordinator's API. */
final class CoordinatorUrl {

    @Option(names = "--coordinator", paramLabel = "URL", defaultValue = "http://127.0.0.1:7070",
            description = "The coordinator's API (default: ${DEFAULT-VALUE}).")
    String url;
}
