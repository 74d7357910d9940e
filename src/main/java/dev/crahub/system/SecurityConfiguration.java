package dev.crahub.system;

import java.time.Clock;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;

/**
 * Everything needs a login with a role, except the health status and the client's validation page
 * ({@code /validation/**}, a chain of its own in {@code dev.crahub.cra.ValidationSecurity}, ordered before these). The API is stateless HTTP Basic; the ops console (Hawtio, Jolokia) uses a form login with cookie CSRF
 * tokens, which Hawtio's browser UI reads, and is reserved to the ops role (Hawtio has no read-only role; what ops
 * may do through Jolokia is {@link JolokiaAccessPolicy}). Both chains check passwords through
 * {@link HubAuthenticationProvider} (throttled guessing, bcrypt once per client and minutes) and answer refusals
 * as problem details ({@link ProblemResponses}). See ADR 0004 and 0008.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    /** How long a verified user/password pair is accepted without bcrypt. */
    static final Duration VERIFIED_FOR = Duration.ofMinutes(5);

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    InMemoryUserDetailsManager userDetailsService(Environment env, CrahubHome home, PasswordEncoder encoder) {
        return new InMemoryUserDetailsManager(HubUsers.from(env, home, encoder));
    }

    @Bean
    LoginThrottle loginThrottle() {
        // wall time, not the business clock (tests move that one)
        return new LoginThrottle(Clock.systemUTC(), LoginThrottle.Policy.DEFAULT);
    }

    @Bean
    VerifiedCredentials verifiedCredentials() {
        return new VerifiedCredentials(Clock.systemUTC(), VERIFIED_FOR, 1_000);
    }

    @Bean
    AuthenticationManager hubAuthenticationManager(InMemoryUserDetailsManager users, PasswordEncoder encoder,
                                                    LoginThrottle throttle, VerifiedCredentials verified) {
        DaoAuthenticationProvider bcrypt = new DaoAuthenticationProvider(encoder);
        bcrypt.setUserDetailsService(users);
        // bcrypt may use half the cores at most; a login waits a second for a slot, then gets 503 + Retry-After
        int permits = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        return new ProviderManager(new HubAuthenticationProvider(bcrypt, users, throttle, verified, permits,
                Duration.ofSeconds(1)));
    }

    @Bean
    ProblemResponses problemResponses(ObjectMapper json) {
        return new ProblemResponses(json);
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, AuthenticationManager hubAuthenticationManager,
                                 ProblemResponses problems) throws Exception {
        http.securityMatcher("/api/**")
                .authenticationManager(hubAuthenticationManager)
                .authorizeHttpRequests(auth -> auth
                        // platforms' lifecycle pushes: no user, authenticated by the HMAC of the body (ADR 0022)
                        .requestMatchers(HttpMethod.POST, "/api/webhooks/pa/*").permitAll()
                        .requestMatchers("/api/dead-letters/**").hasAnyRole(Roles.OPS, Roles.ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/referential/**").hasRole(Roles.ADMIN)
                        .anyRequest().hasAnyRole(Roles.BILLING, Roles.ADMIN))
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // stateless Basic auth, no cookies: CSRF does not apply
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain consoleChain(HttpSecurity http, AuthenticationManager hubAuthenticationManager,
                                     ProblemResponses problems) throws Exception {
        CsrfTokenRequestAttributeHandler csrfHandler = new CsrfTokenRequestAttributeHandler();
        csrfHandler.setCsrfRequestAttributeName(null);
        CookieCsrfTokenRepository csrfTokens = CookieCsrfTokenRepository.withHttpOnlyFalse();
        // Hawtio's scripts read the token; no other site's request ever carries the cookie
        csrfTokens.setCookieCustomizer(cookie -> cookie.sameSite("Strict"));
        http.authenticationManager(hubAuthenticationManager)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness").permitAll()
                        .requestMatchers("/login", "/error").permitAll()
                        // Jolokia by POST only: a GET could be triggered by a link or an image on another site
                        .requestMatchers(HttpMethod.GET, "/actuator/jolokia/**", "/actuator/hawtio/jolokia/**").denyAll()
                        .requestMatchers("/actuator/**").hasRole(Roles.OPS)
                        .anyRequest().authenticated())
                .formLogin(form -> form.failureHandler(problems.formFailures()))
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                // a browser is sent to the login form; scripts and scrapers get a 401 problem
                .exceptionHandling(ex -> ex
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), problems.browser())
                        .defaultAuthenticationEntryPointFor(problems, AnyRequestMatcher.INSTANCE)
                        .accessDeniedHandler(problems))
                .csrf(csrf -> csrf
                        .csrfTokenRepository(csrfTokens)
                        .csrfTokenRequestHandler(csrfHandler));
        return http.build();
    }
}
