package io.daxseal.coordinator.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The commit pipeline with a writer made here (the Kafka one is tested live): order, grouping, barriers, failure. */
class CommitPipelineTest {

    /** Commits lists of batch names; can be held at the next write, or made to fail. */
    private static final class Writer implements CommitPipeline.Writer<String> {
        final List<List<String>> commits = Collections.synchronizedList(new ArrayList<>());
        volatile CountDownLatch hold = new CountDownLatch(0);
        final CountDownLatch writing = new CountDownLatch(1);
        final AtomicBoolean fail = new AtomicBoolean();
        long next;

        @Override
        public long[] write(List<String> batches) {
            writing.countDown();
            try {
                hold.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (fail.get()) {
                throw new IllegalStateException("the transaction failed (test)");
            }
            commits.add(List.copyOf(batches));
            long[] positions = new long[batches.size()];
            for (int i = 0; i < positions.length; i++) {
                positions[i] = next++;
            }
            return positions;
        }
    }

    private final Writer writer = new Writer();
    private final List<String> told = Collections.synchronizedList(new ArrayList<>());
    private final CommitPipeline<String> pipeline = new CommitPipeline<>(writer,
            (batch, position) -> told.add(batch + "@" + position), batch -> batch.length(), 3, "test-commit");

    @AfterEach
    void close() {
        pipeline.close();
    }

    @Test
    void batchesDecidedWhileOneCommitsGoIntoTheNextCommitTogetherInOrder() throws Exception {
        writer.hold = new CountDownLatch(1);
        pipeline.submit("a");
        assertThat(writer.writing.await(5, TimeUnit.SECONDS)).isTrue();
        for (String b : List.of("b", "c", "d", "e")) {
            pipeline.submit(b);
        }
        assertThat(told).as("nobody is told before the commit").isEmpty();
        writer.hold.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> told.size() == 5);
        assertThat(writer.commits).containsExactly(List.of("a"), List.of("b", "c", "d"), List.of("e"));
        assertThat(told).containsExactly("a@0", "b@1", "c@2", "d@3", "e@4");
        assertThat(pipeline.pendingBatches()).isZero();
    }

    @Test
    void aBarrierRunsOnlyAfterWhatWasSubmittedBeforeItCommitted() throws Exception {
        CompletableFuture<List<String>> seen = new CompletableFuture<>();
        pipeline.barrier(() -> seen.complete(List.copyOf(told)), () -> seen.complete(null));
        assertThat(seen).as("nothing pending: at once").isCompletedWithValue(List.of());

        writer.hold = new CountDownLatch(1);
        pipeline.submit("a");
        pipeline.submit("b");
        CompletableFuture<List<String>> after = new CompletableFuture<>();
        pipeline.barrier(() -> after.complete(List.copyOf(told)), () -> after.complete(null));
        assertThat(after).isNotDone();
        writer.hold.countDown();
        assertThat(after.get(5, TimeUnit.SECONDS)).containsExactly("a@0", "b@1");
    }

    @Test
    void aFailedCommitDropsEverythingAfterItUntilReopened() throws Exception {
        writer.fail.set(true);
        writer.hold = new CountDownLatch(1);
        pipeline.submit("a");
        pipeline.submit("b");
        AtomicReference<String> barrier = new AtomicReference<>();
        pipeline.barrier(() -> barrier.set("committed"), () -> barrier.set("failed"));
        writer.hold.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> pipeline.state() == CommitPipeline.State.FAILED);
        assertThat(barrier).hasValue("failed");
        assertThat(pipeline.failure()).hasMessageContaining("the transaction failed");
        assertThat(pipeline.submit("c")).as("refused while failed").isFalse();
        pipeline.awaitIdle();
        assertThat(told).isEmpty();

        writer.fail.set(false);
        pipeline.reopen();
        pipeline.commitNow("d");
        assertThat(told).containsExactly("d@0");
        assertThat(writer.commits).containsExactly(List.of("d"));
    }

    @Test
    void commitNowThrowsTheFailure() {
        writer.fail.set(true);
        assertThatThrownBy(() -> pipeline.commitNow("a")).hasMessageContaining("the transaction failed");
    }

    @Test
    void theLoopWaitsForRoomWhileTooMuchIsUncommitted() throws Exception {
        writer.hold = new CountDownLatch(1);
        pipeline.submit("aaaa");
        pipeline.submit("bbbb");
        CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
            try {
                return pipeline.awaitRoom(5);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(waited).as("8 pending, at most 5").isNotDone();
        writer.hold.countDown();
        assertThat(waited.get(5, TimeUnit.SECONDS)).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void anErrorWhileTellingOfACommitFailsThePipelineWithThatError() {
        CommitPipeline<String> failing = new CommitPipeline<>(writer, (batch, position) -> {
            throw new OutOfMemoryError("test");
        }, String::length, 3, "test-error");
        try {
            failing.submit("a");
            await().atMost(Duration.ofSeconds(5)).until(() -> failing.failure() != null);
            assertThat(failing.failure().getCause()).isInstanceOf(OutOfMemoryError.class);
        } finally {
            failing.close();
        }
    }
}
