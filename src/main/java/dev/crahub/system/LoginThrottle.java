package dev.crahub.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down password guessing without locking the real user out. Failed logins are counted per client address
 * and per user on that address; past a few free failures the client is refused for a while (doubling with each
 * further failure, up to a ceiling) and the refusal is answered without hashing anything. Another client is not
 * affected, so the real user elsewhere logs in at once; a successful login from a client forgets its failures.
 * Counts are forgotten after a quiet period, and at most {@code maxTracked} clients are remembered (the oldest go
 * first), so a flood from many addresses cannot fill the memory.
 */
final class LoginThrottle {

    /** The rules: free failures per user and client, per client (all users), first block, longest block. */
    record Policy(int freePerUser, int freePerClient, Duration firstBlock, Duration longestBlock, int maxTracked) {
        static final Policy DEFAULT = new Policy(5, 20, Duration.ofSeconds(5), Duration.ofMinutes(15), 10_000);
    }

    private final Clock clock;
    private final Policy policy;
    private final Map<String, Failures> failures = new LinkedHashMap<>(64, 0.75f, true);

    LoginThrottle(Clock clock, Policy policy) {
        this.clock = clock;
        this.policy = policy;
    }

    /** How long this client must wait before trying this user again; zero when it may try now. */
    synchronized Duration retryAfter(String client, String user) {
        Instant now = clock.instant();
        Duration wait = waitFor(clientKey(client), now);
        Duration userWait = waitFor(userKey(client, user), now);
        return userWait.compareTo(wait) > 0 ? userWait : wait;
    }

    synchronized void failed(String client, String user) {
        Instant now = clock.instant();
        count(clientKey(client), policy.freePerClient(), now);
        count(userKey(client, user), policy.freePerUser(), now);
        forgetOld(now);
    }

    synchronized void succeeded(String client, String user) {
        failures.remove(clientKey(client));
        failures.remove(userKey(client, user));
    }

    synchronized int tracked() {
        return failures.size();
    }

    private Duration waitFor(String key, Instant now) {
        Failures f = failures.get(key);
        if (f == null || f.blockedUntil == null || !now.isBefore(f.blockedUntil)) {
            return Duration.ZERO;
        }
        return Duration.between(now, f.blockedUntil);
    }

    private void count(String key, int free, Instant now) {
        Failures f = failures.computeIfAbsent(key, k -> new Failures());
        if (f.last != null && quiet(f, now)) {
            f.count = 0; // quiet long enough: start again
        }
        f.count++;
        f.last = now;
        int beyond = f.count - free + 1; // the free-th failure already blocks the next attempt
        if (beyond > 0) {
            Duration block = policy.firstBlock().multipliedBy(1L << Math.min(beyond - 1, 20));
            if (block.compareTo(policy.longestBlock()) > 0) {
                block = policy.longestBlock();
            }
            f.blockedUntil = now.plus(block);
        }
    }

    private void forgetOld(Instant now) {
        Iterator<Failures> oldestFirst = failures.values().iterator();
        while (oldestFirst.hasNext()) {
            Failures f = oldestFirst.next();
            if (quiet(f, now) || failures.size() > policy.maxTracked()) {
                oldestFirst.remove();
            } else {
                break;
            }
        }
    }

    /** No failure for twice the longest block, and not blocked: the count is forgotten. */
    private boolean quiet(Failures f, Instant now) {
        return f.last.isBefore(now.minus(policy.longestBlock().multipliedBy(2)))
                && (f.blockedUntil == null || !now.isBefore(f.blockedUntil));
    }

    private static String clientKey(String client) {
        return "client\u0000" + client;
    }

    private static String userKey(String client, String user) {
        // a guesser chooses the user name: keep the key small whatever its length
        String bounded = user == null ? "" : user.length() <= 64 ? user : Hashing.sha256(user);
        return "user\u0000" + client + "\u0000" + bounded;
    }

    private static final class Failures {
        int count;
        Instant last;
        Instant blockedUntil;
    }
}
