package io.daxseal.agent.core;

/**
 * The coordinator asks for a seal back: an extent operation {@code op} needs the range. Release by
 * {@code deadline} (the coordinator's clock, epoch ms) or, under {@code recall-then-break}, the seal
 * is broken and the whole incarnation fenced.
 */
public record Recall(HeldSeal seal, String op, long deadline) {
}
