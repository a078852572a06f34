package io.daxseal.cli;

import io.daxseal.http.ApiClient;
import picocli.CommandLine.Option;

/** The {@code --agent URL} option of the commands that talk to an agent daemon's API. */
final class AgentUrl {

    @Option(names = "--agent", defaultValue = "http://127.0.0.1:7071", paramLabel = "URL",
            description = "The agent daemon (default: ${DEFAULT-VALUE}).")
    String url;

    /** A client that refuses anything but a daxseal agent at {@link #url}. */
    ApiClient client() {
        return new ApiClient(url, "agent");
    }
}
