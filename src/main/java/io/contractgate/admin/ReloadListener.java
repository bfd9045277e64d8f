package io.contractgate.admin;

/**
 * Told about every configuration reload the admin API performs; the metrics feature implements it to count
 * {@code contract_config_reloads_total{result}}. Every bean of this type in the Camel registry is called.
 */
@FunctionalInterface
public interface ReloadListener {

    /** @param ok true when the new config is live, false when the reload failed and the previous config was restored */
    void reloadCompleted(boolean ok);

    /** Same, with what was reloaded (mapping, contract or broker); override to label by kind. */
    default void reloadCompleted(String kind, boolean ok) {
        reloadCompleted(ok);
    }
}
