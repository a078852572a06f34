package io.daxseal.core;

import io.daxseal.events.Inode;
import io.daxseal.events.ProcessRef;
import io.daxseal.events.Range;
import io.daxseal.events.SealKind;
import java.util.ArrayList;
import java.util.List;

/** A granted seal. Mutable only through {@link SealState}: live until released, dropped or broken. */
final class Seal {

    final SealKey key;
    /** The state of the seal's inode: ending a seal needs no inode lookup. */
    final InodeState home;
    final Incarnation holder;
    final ProcessRef process;
    final Range range;
    final SealKind kind;
    final long token;
    final long grantedAt;
    boolean live = true;
    /** Operations currently recalling this seal; usually none, rarely more than one. */
    List<Operation> recalledBy;

    Seal(SealKey key, InodeState home, Incarnation holder, ProcessRef process, Range range, SealKind kind, long token,
         long grantedAt) {
        this.key = key;
        this.home = home;
        this.holder = holder;
        this.process = process;
        this.range = range;
        this.kind = kind;
        this.token = token;
        this.grantedAt = grantedAt;
    }

    Inode inode() {
        return key.inode();
    }

    String id() {
        return key.seal();
    }

    void addRecaller(Operation op) {
        if (recalledBy == null) {
            recalledBy = new ArrayList<>(1);
        }
        if (!recalledBy.contains(op)) {
            recalledBy.add(op);
        }
    }

    void removeRecaller(Operation op) {
        if (recalledBy != null) {
            recalledBy.remove(op);
            if (recalledBy.isEmpty()) {
                recalledBy = null;
            }
        }
    }

    /** Seal decisions are ordered per inode, in token order (rule 11). */
    static int decisionOrder(Seal a, Seal b) {
        int c = a.inode().compareTo(b.inode());
        return c != 0 ? c : Long.compare(a.token, b.token);
    }
}
