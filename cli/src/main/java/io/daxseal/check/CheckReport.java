package io.daxseal.check;

import io.daxseal.core.check.Finding;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the checker checked, property by property, and what it found. */
public final class CheckReport {

    /** The result for one property. {@code skipped} says why it could not be checked, or is {@code null}. */
    public record Property(String id, String title, long checked, String what, String skipped, List<String> notes,
                           List<Finding> findings) {

        public boolean holds() {
            return findings.isEmpty();
        }
    }

    private static final int SHOWN = 20;

    private final String source;
    private final Map<String, Property> properties = new LinkedHashMap<>();
    private final List<String> remarks = new ArrayList<>();

    CheckReport(String source) {
        this.source = source;
    }

    void put(Property p) {
        properties.remove(p.id());
        properties.put(p.id(), p);
    }

    void remark(String remark) {
        remarks.add(remark);
    }

    public String source() {
        return source;
    }

    public List<Property> properties() {
        return List.copyOf(properties.values());
    }

    public Property property(String id) {
        return properties.get(id);
    }

    public List<String> remarks() {
        return List.copyOf(remarks);
    }

    /** Every property that was checked holds. */
    public boolean allHold() {
        return properties.values().stream().allMatch(Property::holds);
    }

    public List<Finding> findings() {
        return properties.values().stream().flatMap(p -> p.findings().stream()).toList();
    }

    /** Prints one line per property, then the findings (the first {@value #SHOWN} of each). */
    public void print(PrintWriter out) {
        out.println("invariant check of " + source);
        for (String r : remarks) {
            out.println("  note: " + r);
        }
        for (Property p : properties.values()) {
            String verdict = p.skipped() != null ? "not checked" : p.holds() ? "holds" : "VIOLATED";
            out.printf("  %s %-11s %s: %s%n", p.id(), verdict, p.title(),
                    p.skipped() != null ? p.skipped() : p.checked() + " " + p.what()
                            + (p.holds() ? "" : ", " + p.findings().size() + " violation(s)"));
            for (String n : p.notes()) {
                out.println("       " + n);
            }
        }
        for (Property p : properties.values()) {
            int shown = 0;
            for (Finding f : p.findings()) {
                if (shown++ == SHOWN) {
                    out.println("  ... and " + (p.findings().size() - SHOWN) + " more " + p.id() + " violation(s)");
                    break;
                }
                out.println("  " + f);
            }
        }
        out.println(allHold() ? "all checked properties hold" : "VIOLATIONS FOUND");
        out.flush();
    }
}
