package io.daxseal.cli;

import io.daxseal.events.IncarnationRef;
import io.daxseal.core.StateSnapshot;
import io.daxseal.events.Range;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The readable view of {@code replay}: aligned tables of seals, operations and incarnations. */
final class SnapshotTable {

    private SnapshotTable() {
    }

    static void write(ReplayCommand.ReplayView view, PrintWriter out) {
        StateSnapshot s = view.state();
        out.println("daxseal state after line " + view.line() + " of " + view.log() + " (clock " + s.clock() + ")");
        out.println("digest " + view.digest());
        if (view.badLines() > 0 || view.inconsistentEvents() > 0) {
            out.println("skipped: " + view.badLines() + " bad lines, " + view.inconsistentEvents() + " inconsistent events");
        }
        out.println();
        if (s.inodes().isEmpty()) {
            out.println(view.inodeFilter() == null ? "no inode has live seals or unfinished operations"
                    : "inode " + view.inodeFilter() + ": no live seal or unfinished operation (an idle inode is forgotten)");
        }
        for (StateSnapshot.InodeView inode : s.inodes()) {
            out.println("INODE " + inode.inode());
            if (inode.seals().isEmpty()) {
                out.println("  no live seals");
            } else {
                Table t = new Table("TOKEN", "SEAL", "HOLDER", "PROCESS", "KIND", "RANGE", "GRANTED AT", "RECALLED BY");
                for (StateSnapshot.SealView seal : inode.seals()) {
                    t.row(seal.token(), seal.seal(), new IncarnationRef(seal.agent(), seal.incarnation()), seal.process(), seal.kind(),
                            range(seal.range()), seal.grantedAt(), seal.recalledBy().isEmpty() ? "-" : String.join(",", seal.recalledBy()));
                }
                t.print(out, "  ");
            }
            if (!inode.ops().isEmpty()) {
                Table t = new Table("OP", "KIND", "RANGE", "POLICY", "STATE", "DEADLINE", "WAITING FOR", "REQUESTER");
                for (StateSnapshot.OpView op : inode.ops()) {
                    t.row(op.op(), op.kind(), range(op.range()), op.policy(), op.state().wire(),
                            op.deadline() < 0 ? "-" : op.deadline(),
                            op.recalled().isEmpty() ? "-" : String.join(",", op.recalled()), op.requester());
                }
                t.print(out, "  ");
            }
            out.println();
        }
        if (view.inodeFilter() == null) {
            // Rule 13: idle inodes are forgotten; the next tokens come from these counters.
            out.println("newest token per partition: " + s.tokens().stream().map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(" ")));
            out.println();
        }
        if (view.inodeFilter() == null) {
            if (s.incarnations().isEmpty()) {
                out.println("no agent registered");
                return;
            }
            out.println("AGENTS");
            Table t = new Table("AGENT", "INCARNATION", "STATUS", "TTL MS", "REGISTERED AT", "LAST HEARTBEAT",
                    "LEASE LEFT MS", "LIVE SEALS");
            for (StateSnapshot.IncarnationView inc : s.incarnations()) {
                boolean live = inc.status() == io.daxseal.core.IncarnationStatus.LIVE;
                t.row(inc.agent(), inc.incarnation(), inc.status().wire(), inc.ttlMs(), inc.registeredAt(),
                        inc.lastHeartbeatAt(), live ? inc.lastHeartbeatAt() + inc.ttlMs() - s.clock() : "-", inc.liveSeals());
            }
            t.print(out, "  ");
        }
    }

    private static String range(Range r) {
        return r.toString();
    }

    /** A minimal aligned text table. */
    private static final class Table {
        private final String[] header;
        private final List<String[]> rows = new ArrayList<>();

        Table(String... header) {
            this.header = header;
        }

        void row(Object... cells) {
            String[] row = new String[cells.length];
            for (int i = 0; i < cells.length; i++) {
                row[i] = String.valueOf(cells[i]);
            }
            rows.add(row);
        }

        void print(PrintWriter out, String indent) {
            int[] widths = new int[header.length];
            for (int i = 0; i < header.length; i++) {
                widths[i] = header[i].length();
                for (String[] row : rows) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            line(out, indent, header, widths);
            for (String[] row : rows) {
                line(out, indent, row, widths);
            }
        }

        private static void line(PrintWriter out, String indent, String[] cells, int[] widths) {
            StringBuilder sb = new StringBuilder(indent);
            for (int i = 0; i < cells.length; i++) {
                sb.append(cells[i]);
                if (i < cells.length - 1) {
                    sb.append(" ".repeat(widths[i] - cells[i].length() + 2));
                }
            }
            out.println(sb);
        }
    }
}
