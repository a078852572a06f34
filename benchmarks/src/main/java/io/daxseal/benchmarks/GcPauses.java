package io.daxseal.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The stop-the-world GC pauses of this JVM while it is open: how many and the longest. Every thread
 * stops in them, a coordinator's decide loop included, so they are the loop's pauses that a
 * snapshot thread could cause (by allocating).
 */
final class GcPauses implements AutoCloseable {

    private final AtomicLong count = new AtomicLong();
    private final AtomicLong longestMs = new AtomicLong();
    private final List<Runnable> removals = new ArrayList<>();

    GcPauses() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!(gc instanceof NotificationEmitter emitter)) {
                continue;
            }
            NotificationListener listener = (n, handback) -> {
                if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    return;
                }
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                        (CompositeData) n.getUserData());
                String name = info.getGcName();
                if (name.contains("Concurrent") || name.contains("Cycles")) {
                    return; // G1's concurrent cycle, ZGC's cycles: beside the application, not pauses
                }
                count.incrementAndGet();
                longestMs.accumulateAndGet(info.getGcInfo().getDuration(), Math::max);
            };
            emitter.addNotificationListener(listener, null, null);
            removals.add(() -> {
                try {
                    emitter.removeNotificationListener(listener);
                } catch (javax.management.ListenerNotFoundException e) {
                    // gone already
                }
            });
        }
    }

    @Override
    public String toString() {
        return count.get() + " GC pause(s), longest " + longestMs.get() + " ms";
    }

    @Override
    public void close() {
        removals.forEach(Runnable::run);
    }
}
