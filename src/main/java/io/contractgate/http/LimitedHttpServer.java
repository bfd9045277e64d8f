package io.contractgate.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.component.vertx.common.VertxHelper;
import org.apache.camel.support.jsse.SSLContextParameters;

import java.util.concurrent.TimeUnit;

/**
 * platform-http's Vert.x server with {@link HttpLimits}. camel-platform-http-vertx 4.17 builds its
 * {@code HttpServerOptions} inside {@code startServer()} (TLS only) and listens at once, so no setting, registry bean
 * or handler can give that server an idle timeout. This subclass overrides that protected step: the same options
 * (TLS from the same {@code SSLContextParameters}, through camel-vertx-common's public {@code VertxHelper}) plus the
 * idle timeout, and the same router (the one {@code initializeServer()} bound, mounted at {@code camel.server.path}),
 * found through its public lookup. It also closes the Vert.x it created itself: the base class does that on an
 * executor its own {@code startServer()} makes.
 */
final class LimitedHttpServer extends VertxPlatformHttpServer {

    private static final long START_SECONDS = 30;

    private final VertxPlatformHttpServerConfiguration configuration;
    private final HttpLimits limits;
    private volatile HttpServer server;
    /** The Vert.x this server created (none was in the registry), closed with it. */
    private volatile Vertx created;

    LimitedHttpServer(VertxPlatformHttpServerConfiguration configuration, HttpLimits limits) {
        super(configuration);
        this.configuration = configuration;
        this.limits = limits;
    }

    @Override
    protected void startServer() throws Exception {
        // the same options and router as the base class's startServer(), plus the idle timeout
        if (configuration.getAuthenticationConfig() != null && configuration.getAuthenticationConfig().isEnabled()) {
            // the base class installs those handlers on a router of its own that this server does not use
            throw new IllegalArgumentException("camel.server.authenticationEnabled is not supported by this gateway:"
                    + " its admin.* and metrics.* credentials guard the HTTP server");
        }
        HttpServerOptions options = new HttpServerOptions();
        SSLContextParameters ssl = configuration.getSslContextParameters() != null
                ? configuration.getSslContextParameters()
                : configuration.isUseGlobalSslContextParameters() ? getCamelContext().getSSLContextParameters() : null;
        if (ssl != null) {
            VertxHelper.setupSSLOptions(getCamelContext(), ssl, options);
        }
        if (limits.idleTimeoutSeconds() > 0) {
            options.setIdleTimeout(limits.idleTimeoutSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS);
        }
        Router root = Router.router(getVertx());
        root.route(configuration.getPath() + "*").subRouter(VertxPlatformHttpRouter.lookup(getCamelContext(),
                VertxPlatformHttpRouter.getRouterNameFromPort(configuration.getPort())));
        server = await(getVertx().createHttpServer(options).requestHandler(root)
                .listen(configuration.getBindPort(), configuration.getBindHost()), "start the HTTP server");
    }

    @Override
    protected void stopServer() {
        HttpServer s = server;
        server = null;
        if (s != null) {
            await(s.close(), "stop the HTTP server");
        }
    }

    @Override
    protected Vertx createVertxInstance() {
        created = super.createVertxInstance();
        return created;
    }

    /** Closes the Vert.x this server created (the base class closes it on an executor of its own start). */
    @Override
    protected void stopVertx() {
        Vertx v = created;
        created = null;
        if (v != null) {
            await(v.close(), "close Vert.x");
        }
    }

    private static <T> T await(Future<T> done, String what) {
        try {
            return done.toCompletionStage().toCompletableFuture().get(START_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("could not " + what, e);
        }
    }

    @Override
    public HttpServer getServer() {
        return server;
    }

    @Override
    public int getPort() {
        HttpServer s = server;
        return s != null ? s.actualPort() : configuration.getBindPort();
    }
}
