package io.daxseal.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 over a canonical rendering of everything in the state that can change a future
 * decision: the clock; the token counter of each partition; per remembered inode its live seals
 * and unfinished operations; per remembered incarnation its status and lease. Hash-map iteration
 * order never leaks in: every collection is sorted first.
 */
final class StateDigest {

    private final MessageDigest sha;

    private StateDigest() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static String of(SealState state) {
        StateDigest d = new StateDigest();
        d.line("clock", state.clock);
        d.line("tokens", java.util.Arrays.toString(state.tokens));
        List<InodeState> inodes = state.inodes.values();
        inodes.sort(Comparator.comparing(i -> i.inode));
        for (InodeState inode : inodes) {
            d.line("inode", inode.inode.key(), inode.nextOpSeq);
            List<Seal> seals = inode.sealsByToken();
            for (Seal s : seals) {
                d.line("seal", s.token, s.id(), s.holder, s.process, s.range, s.kind, s.grantedAt,
                        s.recalledBy == null ? "" : s.recalledBy.stream().map(Operation::id).toList());
            }
            for (Operation op : inode.activeOps().values()) {
                d.line("op", op.id(), op.seq, op.state, op.deadline, op.request,
                        op.recalled.stream().map(StateSnapshot::sealName).toList());
            }
        }
        List<AgentRecord> agents = new ArrayList<>(state.agents.values());
        agents.sort(Comparator.comparing(a -> a.agent));
        for (AgentRecord agent : agents) {
            for (Incarnation inc : agent.remembered()) {
                d.line("incarnation", inc, inc.status, inc.ttlMs, inc.registeredAt, inc.lastHeartbeatAt);
            }
        }
        return HexFormat.of().formatHex(d.sha.digest());
    }

    private void line(Object... fields) {
        StringBuilder sb = new StringBuilder();
        for (Object f : fields) {
            // Length-prefixed so that no two different field lists render the same.
            String text = String.valueOf(f);
            sb.append(text.length()).append(':').append(text).append(';');
        }
        sb.append('\n');
        sha.update(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
