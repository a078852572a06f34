package io.daxseal.core;

import java.util.function.Consumer;

/**
 * Half-open intervals {@code [start, end)} with a unique long id each, answering "which intervals
 * overlap {@code [from, to)}" in O(log n + k).
 *
 * <p>A treap ordered by (start, id) and augmented with each subtree's largest end. Priorities are
 * a hash of the id rather than random numbers, so the shape, and with it every traversal order,
 * is a pure function of the contents: the state machine stays deterministic.
 */
final class IntervalIndex<V> {

    private static final class Node<V> {
        final long start;
        final long end;
        final long id;
        final long priority;
        final V value;
        long maxEnd;
        Node<V> left;
        Node<V> right;

        Node(long start, long end, long id, V value) {
            this.start = start;
            this.end = end;
            this.id = id;
            this.value = value;
            this.priority = mix(id);
            this.maxEnd = end;
        }
    }

    private Node<V> root;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Adds an interval; {@code (start, id)} must not be present already. */
    void insert(long start, long end, long id, V value) {
        if (end <= start) {
            throw new IllegalArgumentException("empty interval [" + start + "," + end + ")");
        }
        root = insert(root, new Node<>(start, end, id, value));
        size++;
    }

    /** Removes the interval with this start and id; returns whether it was present. */
    boolean remove(long start, long id) {
        int before = size;
        root = remove(root, start, id);
        return size < before;
    }

    /** Calls {@code action} for every interval overlapping {@code [from, to)}, in (start, id) order. */
    void forEachOverlapping(long from, long to, Consumer<? super V> action) {
        overlapping(root, from, to, action);
    }

    /** Calls {@code action} for every interval, in (start, id) order. */
    void forEach(Consumer<? super V> action) {
        inOrder(root, action);
    }

    private static int compare(long startA, long idA, long startB, long idB) {
        int c = Long.compare(startA, startB);
        return c != 0 ? c : Long.compare(idA, idB);
    }

    private Node<V> insert(Node<V> node, Node<V> added) {
        if (node == null) {
            return added;
        }
        int c = compare(added.start, added.id, node.start, node.id);
        if (c == 0) {
            throw new IllegalStateException("interval (start " + added.start + ", id " + added.id + ") is already indexed");
        }
        if (c < 0) {
            node.left = insert(node.left, added);
            if (node.left.priority > node.priority) {
                node = rotateRight(node);
            }
        } else {
            node.right = insert(node.right, added);
            if (node.right.priority > node.priority) {
                node = rotateLeft(node);
            }
        }
        update(node);
        return node;
    }

    private Node<V> remove(Node<V> node, long start, long id) {
        if (node == null) {
            return null;
        }
        int c = compare(start, id, node.start, node.id);
        if (c < 0) {
            node.left = remove(node.left, start, id);
        } else if (c > 0) {
            node.right = remove(node.right, start, id);
        } else {
            size--;
            return merge(node.left, node.right);
        }
        update(node);
        return node;
    }

    /** Joins two treaps whose keys are all smaller (left) and all larger (right). */
    private Node<V> merge(Node<V> left, Node<V> right) {
        if (left == null) {
            return right;
        }
        if (right == null) {
            return left;
        }
        if (left.priority > right.priority) {
            left.right = merge(left.right, right);
            update(left);
            return left;
        }
        right.left = merge(left, right.left);
        update(right);
        return right;
    }

    private void overlapping(Node<V> node, long from, long to, Consumer<? super V> action) {
        if (node == null || node.maxEnd <= from) {
            return; // nothing in this subtree ends after `from`
        }
        overlapping(node.left, from, to, action);
        if (node.start >= to) {
            return; // this node and everything to its right start too late
        }
        if (node.end > from) {
            action.accept(node.value);
        }
        overlapping(node.right, from, to, action);
    }

    private void inOrder(Node<V> node, Consumer<? super V> action) {
        if (node != null) {
            inOrder(node.left, action);
            action.accept(node.value);
            inOrder(node.right, action);
        }
    }

    private Node<V> rotateRight(Node<V> node) {
        Node<V> pivot = node.left;
        node.left = pivot.right;
        pivot.right = node;
        update(node);
        update(pivot);
        return pivot;
    }

    private Node<V> rotateLeft(Node<V> node) {
        Node<V> pivot = node.right;
        node.right = pivot.left;
        pivot.left = node;
        update(node);
        update(pivot);
        return pivot;
    }

    private static <V> void update(Node<V> node) {
        long max = node.end;
        if (node.left != null && node.left.maxEnd > max) {
            max = node.left.maxEnd;
        }
        if (node.right != null && node.right.maxEnd > max) {
            max = node.right.maxEnd;
        }
        node.maxEnd = max;
    }

    /** SplitMix64's finalizer: a well-spread, deterministic priority from the id. */
    private static long mix(long id) {
        long z = id + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
