package io.daxseal.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of the commands that show what the coordinator's API answers: where it is, and {@code --json}. */
final class CoordinatorQuery {

    @Mixin
    CoordinatorUrl coordinator;

    @Option(names = "--json", description = "Print the API's JSON.")
    boolean json;
}
