package io.daxseal.events.json;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared {@code String} per filesystem id. A cluster has few filesystems but millions of
 * events naming them; with one instance per id, comparing two inodes' filesystems is an identity
 * check instead of a 36-character comparison on every state lookup. Bounded, so a stream of
 * made-up ids cannot grow it without end.
 */
final class FilesystemIds {

    private static final int MAX = 4096;
    private static final ConcurrentHashMap<String, String> IDS = new ConcurrentHashMap<>();

    private FilesystemIds() {
    }

    static String canonical(String fs) {
        String known = IDS.get(fs);
        if (known != null) {
            return known;
        }
        if (IDS.size() < MAX) {
            known = IDS.putIfAbsent(fs, fs);
            return known == null ? fs : known;
        }
        return fs;
    }
}
