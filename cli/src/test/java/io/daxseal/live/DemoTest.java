package io.daxseal.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.daxseal.cli.DaxsealCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The README's main command plays its whole story and every check in it passes. */
class DemoTest {

    @Test
    void theDemoPassesEveryCheck() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DaxsealCli.execute(new PrintWriter(out), new PrintWriter(err), "demo");
        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("demo passed").doesNotContain("FAILED")
                .contains("seal.broken{lease-expired}").contains("range-busy").contains("(S4)");
    }
}
