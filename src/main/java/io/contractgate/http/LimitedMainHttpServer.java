package io.contractgate.http;

import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.support.service.ServiceHelper;

/**
 * camel-main's HTTP server (camel.server.*) running a {@link LimitedHttpServer}: {@code MainHttpServer.doInit()}
 * creates a plain {@code VertxPlatformHttpServer}, so this subclass creates the limited one in its place (a service
 * of the context, as there, so camel.management.* on the same port shares it) and starts it before the rest of
 * {@code doStart()} looks its router up. Configured by camel-main's own factory ({@link LimitedHttpServerFactory}).
 */
final class LimitedMainHttpServer extends MainHttpServer {

    private final HttpLimits limits;
    private LimitedHttpServer server;

    LimitedMainHttpServer(HttpLimits limits) {
        this.limits = limits;
    }

    @Override
    protected void doInit() throws Exception {
        server = new LimitedHttpServer(getConfiguration(), limits);
        server.setCamelContext(getCamelContext());
        getCamelContext().addService(server);
    }

    @Override
    protected void doStart() throws Exception {
        ServiceHelper.startService(server);
        super.doStart();
    }
}
