package dev.crahub.system;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Password checks made cheap and guess-proof: bcrypt (here a counting encoder) runs once per verified pair and time
 * to live, never for a throttled client, and a changed password is not accepted from the cache. Movable clock.
 */
class HubAuthenticationProviderTests {

    final LoginThrottleTests.MovableClock clock = new LoginThrottleTests.MovableClock();
    final AtomicInteger hashes = new AtomicInteger();
    final PasswordEncoder counting = new PasswordEncoder() {
        @Override
        public String encode(CharSequence raw) {
            return "hash:" + raw;
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            hashes.incrementAndGet();
            return encoded.equals("hash:" + raw);
        }
    };
    final InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(
            User.withUsername("billing").password("hash:right").roles("BILLING").build());
    final LoginThrottle throttle = new LoginThrottle(clock, LoginThrottle.Policy.DEFAULT);
    final VerifiedCredentials verified = new VerifiedCredentials(clock, Duration.ofMinutes(5), 100);
    final HubAuthenticationProvider provider = provider();

    private HubAuthenticationProvider provider() {
        DaoAuthenticationProvider bcrypt = new DaoAuthenticationProvider(counting);
        bcrypt.setUserDetailsService(users);
        return new HubAuthenticationProvider(bcrypt, users, throttle, verified, 2, Duration.ofSeconds(1));
    }

    private static Authentication login(String user, String password, String address) {
        UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken.unauthenticated(user, password);
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(address);
        token.setDetails(new WebAuthenticationDetails(request));
        return token;
    }

    @Test
    void aVerifiedPairIsAcceptedWithoutHashingUntilItExpires() {
        Authentication first = provider.authenticate(login("billing", "right", "10.0.0.1"));
        assertThat(first.isAuthenticated()).isTrue();
        assertThat(hashes).hasValue(1);
        for (int i = 0; i < 50; i++) {
            Authentication again = provider.authenticate(login("billing", "right", "10.0.0.1"));
            assertThat(again.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_BILLING");
        }
        assertThat(hashes).hasValue(1);
        clock.move(Duration.ofMinutes(5));
        provider.authenticate(login("billing", "right", "10.0.0.1"));
        assertThat(hashes).as("checked again after the time to live").hasValue(2);
    }

    @Test
    void aWrongPasswordIsNeverTakenFromTheCache() {
        provider.authenticate(login("billing", "right", "10.0.0.1"));
        assertThatThrownBy(() -> provider.authenticate(login("billing", "wrong", "10.0.0.1")))
                .isInstanceOf(BadCredentialsException.class);
        assertThat(hashes).hasValue(2);
    }

    @Test
    void aChangedPasswordIsNotAcceptedFromTheCache() {
        provider.authenticate(login("billing", "right", "10.0.0.1"));
        users.updateUser(User.withUsername("billing").password("hash:new").roles("BILLING").build());
        assertThatThrownBy(() -> provider.authenticate(login("billing", "right", "10.0.0.1")))
                .isInstanceOf(BadCredentialsException.class);
        assertThat(provider.authenticate(login("billing", "new", "10.0.0.1")).isAuthenticated()).isTrue();
        users.deleteUser("billing");
        assertThatThrownBy(() -> provider.authenticate(login("billing", "new", "10.0.0.1")))
                .isInstanceOf(BadCredentialsException.class);
    }

    @Test
    void aGuessingClientIsAnswered429WithoutHashingWhileTheRealUserElsewhereLogsIn() {
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> provider.authenticate(login("billing", "guess", "10.0.0.66")))
                    .isInstanceOf(BadCredentialsException.class);
        }
        int hashed = hashes.get();
        for (int i = 0; i < 25; i++) {
            assertThatThrownBy(() -> provider.authenticate(login("billing", "guess-more", "10.0.0.66")))
                    .isInstanceOfSatisfying(LoginDeferredException.class, e -> {
                        assertThat(e.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
                        assertThat(e.retryAfterSeconds()).isPositive();
                    });
        }
        assertThat(hashes).as("no hashing for a throttled client").hasValue(hashed);
        // even the right password waits on that client (else the cache would be a fast oracle for guesses)
        assertThatThrownBy(() -> provider.authenticate(login("billing", "right", "10.0.0.66")))
                .isInstanceOf(LoginDeferredException.class);
        assertThat(provider.authenticate(login("billing", "right", "10.0.0.2")).isAuthenticated()).isTrue();
    }

    @Test
    void aSuccessResetsTheClientsCount() {
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> provider.authenticate(login("billing", "typo", "10.0.0.1")))
                    .isInstanceOf(BadCredentialsException.class);
        }
        provider.authenticate(login("billing", "right", "10.0.0.1"));
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> provider.authenticate(login("billing", "typo", "10.0.0.1")))
                    .isInstanceOf(BadCredentialsException.class);
        }
        assertThat(throttle.retryAfter("10.0.0.1", "billing")).isZero();
    }

    @Test
    void theCacheKeepsNoPasswordAndIsBounded() {
        VerifiedCredentials small = new VerifiedCredentials(clock, Duration.ofMinutes(5), 3);
        for (int i = 0; i < 10; i++) {
            small.remember("user" + i, "password" + i, "hash");
        }
        assertThat(small.size()).isEqualTo(3);
        assertThat(small.find("user9", "password9")).isPresent();
        assertThat(small.find("user0", "password0")).isEmpty();
        assertThat(small.find("user9", "password8")).isEmpty();
    }
}
