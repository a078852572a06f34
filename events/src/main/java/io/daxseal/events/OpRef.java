package io.daxseal.events;

import java.util.Objects;

/** Names one extent operation: operation ids are unique per inode. Printed {@code fs:ino:gen/op}. */
public record OpRef(Inode inode, String op) {

    public OpRef {
        Objects.requireNonNull(inode, "inode");
        Objects.requireNonNull(op, "op");
    }

    @Override
    public String toString() {
        return inode.key() + "/" + op;
    }
}
