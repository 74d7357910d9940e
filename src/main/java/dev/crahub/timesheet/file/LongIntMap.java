package dev.crahub.timesheet.file;

/**
 * An open-addressing map from 64-bit hashes to counters, a few bytes per key: counting identical rows or a day's
 * hours over a million-row file must not cost a million boxed map entries.
 */
final class LongIntMap {

    private long[] keys = new long[1024];
    private int[] values = new int[1024];
    private boolean[] used = new boolean[1024];
    private int size;

    /** Adds {@code delta} to the key's value (0 when absent) and returns the new value. */
    int add(long key, int delta) {
        if (size * 2 >= keys.length) {
            grow();
        }
        int i = slot(keys, used, key);
        if (!used[i]) {
            used[i] = true;
            keys[i] = key;
            size++;
        }
        values[i] += delta;
        return values[i];
    }

    private static int slot(long[] keys, boolean[] used, long key) {
        int mask = keys.length - 1;
        int i = (int) (mix(key) & mask);
        while (used[i] && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        boolean[] oldUsed = used;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        used = new boolean[oldKeys.length * 2];
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldUsed[j]) {
                int i = slot(keys, used, oldKeys[j]);
                used[i] = true;
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb93e7fe1a85bL;
        return z ^ (z >>> 33);
    }

    /** A 64-bit FNV-1a hash of a string: collisions among a million rows are about one in ten million. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
