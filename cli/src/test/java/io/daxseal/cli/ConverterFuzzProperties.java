package io.daxseal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import picocli.CommandLine;

/**
 * Fuzzing the command line's value converters and option parsing: every value is converted, or
 * refused with picocli's usage error that names the option; never another exception.
 */
class ConverterFuzzProperties {

    private static final AtomicLong INPUTS = new AtomicLong();
    private static final AtomicLong ACCEPTED = new AtomicLong();
    private static final AtomicLong REFUSED = new AtomicLong();

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(25)
                        .flatMap(n -> Arbitraries.of("", "ms", "s", "m", "h", "d", " ", "MS").map(u -> n + u)),
                Arbitraries.of("-1", "0", "9223372036854775807", "9223372036854775808", "99999999999999999999m",
                        "1.5s", "1e3", "", " ", "notify", "release", "ignore", "NOTIFY", "pmem0:1:1", "a:b:c", ":::",
                        "fs:1:2:3", "0x10", "+5", "١٢٣"));
    }

    private static void convertOrRefuse(CommandLine.ITypeConverter<?> converter, String value) throws Exception {
        INPUTS.incrementAndGet();
        try {
            assertThat(converter.convert(value)).isNotNull();
            ACCEPTED.incrementAndGet();
        } catch (CommandLine.TypeConversionException refused) {
            assertThat(refused.getMessage()).contains(value.isEmpty() ? "'" : value);
            REFUSED.incrementAndGet();
        }
    }

    @Property(tries = 1500)
    void durationsAreConvertedOrRefused(@ForAll("values") String value) throws Exception {
        convertOrRefuse(new DurationConverter(), value);
    }

    @Property(tries = 500)
    void recallPoliciesAreConvertedOrRefused(@ForAll("values") String value) throws Exception {
        convertOrRefuse(new AgentCommand.OnRecallConverter(), value);
    }

    @Property(tries = 1500)
    void optionValuesAreParsedOrRefusedNamingTheOption(@ForAll("values") String value,
                                                       @ForAll("options") List<String> command) {
        INPUTS.incrementAndGet();
        List<String> args = new java.util.ArrayList<>(command);
        args.add(value);
        try {
            DaxsealCli.commandLine().parseArgs(args.toArray(String[]::new));
            ACCEPTED.incrementAndGet();
        } catch (CommandLine.ParameterException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            REFUSED.incrementAndGet();
        }
    }

    @Provide
    Arbitrary<List<String>> options() {
        return Arbitraries.of(
                List.of("op", "truncate", "--offset"), List.of("op", "truncate", "--length"),
                List.of("op", "truncate", "--break-timeout"), List.of("op", "truncate", "--wait"),
                List.of("pin", "--pid"), List.of("pin", "--offset"), List.of("map", "--length"),
                List.of("agent", "--ttl"), List.of("agent", "--http-port"), List.of("agent", "--on-recall"),
                List.of("agent", "--connect-timeout"), List.of("coordinator", "--http-port"),
                List.of("coordinator", "--replication-factor"), List.of("coordinator", "--session-timeout"),
                List.of("coordinator", "--retention"), List.of("coordinator", "--snapshot-every"),
                List.of("coordinator", "--snapshot-every-decisions"),
                List.of("chaos", "--duration"), List.of("chaos", "--agents"), List.of("generate", "--seed"),
                List.of("simulate", "--until"));
    }

    @AfterContainer
    static void summary() {
        System.out.printf("fuzz: command-line values: %d inputs, %d accepted, %d refused with a usage error%n",
                INPUTS.get(), ACCEPTED.get(), REFUSED.get());
    }
}
