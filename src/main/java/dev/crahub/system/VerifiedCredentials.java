package dev.crahub.system;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers, for a few minutes, user/password pairs that bcrypt has just accepted, so an API client sending HTTP
 * Basic on every call pays bcrypt once per pair and minutes, not once per call. The key is an HMAC-SHA256 of user and
 * password under a random key drawn at each start: the password itself is not kept, and a memory dump gives no
 * cheap way to test guesses. An entry also holds the stored hash it was verified against, and the caller checks it
 * against the user's current hash: a changed password or a removed user misses at once. Bounded in size.
 */
final class VerifiedCredentials {

    private final Clock clock;
    private final Duration ttl;
    private final int maxEntries;
    private final SecretKeySpec key;
    private final Map<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, false);

    /** A pair bcrypt accepted: for whom, against which stored hash, until when. */
    record Entry(String username, String storedHash, Instant expires) {
    }

    VerifiedCredentials(Clock clock, Duration ttl, int maxEntries) {
        this.clock = clock;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.key = new SecretKeySpec(random, "HmacSHA256");
    }

    /** The entry for this pair if it was verified less than the time to live ago. */
    Optional<Entry> find(String username, String password) {
        String id = id(username, password);
        synchronized (this) {
            return lookup(id);
        }
    }

    private Optional<Entry> lookup(String id) {
        Entry entry = entries.get(id);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expires())) {
            entries.remove(id);
            return Optional.empty();
        }
        return Optional.of(entry);
    }

    void remember(String username, String password, String storedHash) {
        String id = id(username, password);
        synchronized (this) {
            store(id, username, storedHash);
        }
    }

    private void store(String id, String username, String storedHash) {
        Instant now = clock.instant();
        entries.remove(id);
        entries.put(id, new Entry(username, storedHash, now.plus(ttl)));
        Iterator<Entry> oldestFirst = entries.values().iterator();
        while (oldestFirst.hasNext()) {
            Entry e = oldestFirst.next();
            if (!now.isBefore(e.expires()) || entries.size() > maxEntries) {
                oldestFirst.remove();
            } else {
                break;
            }
        }
    }

    void forget(String username, String password) {
        String id = id(username, password);
        synchronized (this) {
            entries.remove(id);
        }
    }

    synchronized void clear() {
        entries.clear();
    }

    synchronized int size() {
        return entries.size();
    }

    private String id(String username, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(username.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
    }
}
