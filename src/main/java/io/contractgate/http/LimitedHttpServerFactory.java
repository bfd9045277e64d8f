package io.contractgate.http;

import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.component.platform.http.main.DefaultMainHttpServerFactory;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.main.HttpManagementServerConfigurationProperties;
import org.apache.camel.main.HttpServerConfigurationProperties;
import org.apache.camel.main.MainHttpServerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MainHttpServerFactory} camel-main finds in the registry before its default: the HTTP server it makes
 * is the default's, configured by the default from camel.server.*, run by a {@link LimitedMainHttpServer} with the
 * {@link HttpLimits} read from the properties (bad values stop the start naming the key). The management server
 * (camel.management.*, same port) is the default's, and shares this one.
 */
public final class LimitedHttpServerFactory implements MainHttpServerFactory {

    private static final Logger LOG = LoggerFactory.getLogger(LimitedHttpServerFactory.class);

    private final DefaultMainHttpServerFactory defaults = new DefaultMainHttpServerFactory();

    @Override
    public Service newHttpServer(CamelContext context, HttpServerConfigurationProperties properties) {
        HttpLimits limits = HttpLimits.from(key -> context.getPropertiesComponent().resolveProperty(key).orElse(null));
        defaults.setCamelContext(context);
        MainHttpServer configured = (MainHttpServer) defaults.newHttpServer(context, properties);
        LimitedMainHttpServer server = new LimitedMainHttpServer(limits);
        server.setCamelContext(context);
        server.setConfiguration(configured.getConfiguration());
        server.setFileUploadEnabled(configured.isFileUploadEnabled());
        server.setFileUploadDirectory(configured.getFileUploadDirectory());
        server.setStaticEnabled(configured.isStaticEnabled());
        server.setStaticSourceDir(configured.getStaticSourceDir());
        server.setStaticContextPath(configured.getStaticContextPath());
        LOG.info("HTTP connections are closed after {} s without a byte read or written ({}; 0: never)",
                limits.idleTimeoutSeconds(), HttpLimits.IDLE_KEY);
        return server;
    }

    @Override
    public Service newHttpManagementServer(CamelContext context, HttpManagementServerConfigurationProperties properties) {
        defaults.setCamelContext(context);
        return defaults.newHttpManagementServer(context, properties);
    }
}
