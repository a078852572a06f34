package io.daxseal.core;

import io.daxseal.events.OpRequested;
import java.util.ArrayList;
import java.util.List;

/** An unfinished extent operation on one inode. */
final class Operation {

    final OpRequested request;
    /** Position in the inode's request order. */
    final long seq;
    OpState state = OpState.QUEUED;
    long deadline = -1;
    /** The seals this operation recalled, in token order; some may have ended since. */
    final List<Seal> recalled = new ArrayList<>(0);

    Operation(OpRequested request, long seq) {
        this.request = request;
        this.seq = seq;
    }

    String id() {
        return request.op();
    }

    boolean allRecalledEnded() {
        for (Seal s : recalled) {
            if (s.live) {
                return false;
            }
        }
        return true;
    }

    TimerKey.Recall timerKey() {
        return new TimerKey.Recall(request.inode(), request.op());
    }
}
