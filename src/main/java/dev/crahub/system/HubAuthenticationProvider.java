package dev.crahub.system;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Password checks for the API's HTTP Basic and the console's form login, made cheap for the real users and costly
 * for no one: (1) a client that failed too often lately is answered 429 at once, nothing hashed
 * ({@link LoginThrottle}); (2) a pair bcrypt accepted minutes ago is accepted again by a keyed-hash lookup
 * ({@link VerifiedCredentials}); (3) otherwise bcrypt runs, at most {@code permits} at a time, so a flood of
 * logins from many addresses queues instead of starving the request threads (503 when the wait is too long).
 */
final class HubAuthenticationProvider implements AuthenticationProvider {

    private final AuthenticationProvider passwords;
    private final UserDetailsService users;
    private final LoginThrottle throttle;
    private final VerifiedCredentials verified;
    private final Semaphore hashing;
    private final Duration hashingWait;

    HubAuthenticationProvider(AuthenticationProvider passwords, UserDetailsService users, LoginThrottle throttle,
                              VerifiedCredentials verified, int permits, Duration hashingWait) {
        this.passwords = passwords;
        this.users = users;
        this.throttle = throttle;
        this.verified = verified;
        this.hashing = new Semaphore(permits, true);
        this.hashingWait = hashingWait;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String user = authentication.getName();
        String password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
        String client = client(authentication);

        Duration wait = throttle.retryAfter(client, user);
        if (!wait.isZero()) {
            throw LoginDeferredException.throttled(wait);
        }
        Authentication known = fromVerified(user, password, authentication);
        if (known != null) {
            throttle.succeeded(client, user);
            return known;
        }
        try {
            if (!hashing.tryAcquire(hashingWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw LoginDeferredException.busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LoginDeferredException.busy();
        }
        try {
            Authentication result = passwords.authenticate(authentication);
            if (result.getPrincipal() instanceof UserDetails details) {
                verified.remember(user, password, details.getPassword() == null ? storedHash(user) : details.getPassword());
            }
            throttle.succeeded(client, user);
            return result;
        } catch (LoginDeferredException e) {
            throw e;
        } catch (AuthenticationException e) {
            throttle.failed(client, user);
            throw e;
        } finally {
            hashing.release();
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private Authentication fromVerified(String user, String password, Authentication request) {
        var entry = verified.find(user, password);
        if (entry.isEmpty()) {
            return null;
        }
        UserDetails current;
        try {
            current = users.loadUserByUsername(user);
        } catch (UsernameNotFoundException e) {
            verified.forget(user, password);
            return null;
        }
        if (!Objects.equals(current.getPassword(), entry.get().storedHash()) || !current.isEnabled()
                || !current.isAccountNonLocked() || !current.isAccountNonExpired() || !current.isCredentialsNonExpired()) {
            verified.forget(user, password);
            return null;
        }
        UsernamePasswordAuthenticationToken result = UsernamePasswordAuthenticationToken.authenticated(current, null,
                current.getAuthorities());
        result.setDetails(request.getDetails());
        return result;
    }

    private String storedHash(String user) {
        return users.loadUserByUsername(user).getPassword();
    }

    private static String client(Authentication authentication) {
        if (authentication.getDetails() instanceof WebAuthenticationDetails web && web.getRemoteAddress() != null) {
            return web.getRemoteAddress();
        }
        return "unknown";
    }
}
