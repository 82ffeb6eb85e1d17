package io.roomcast.notify;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.roomcast.notify.core.NotifyLimits;
import io.roomcast.notify.topology.NotificationTopology;
import java.time.Duration;

/**
 * The service's settings, {@code roomcast.notify.*} in application.yml (each overridable by environment, e.g.
 * {@code ROOMCAST_NOTIFY_LIMIT_NORMAL}); defaults are those of {@link NotificationTopology.Settings#DEFAULTS}.
 */
@ConfigurationProperties("roomcast.notify")
public class NotifySettings {
    private static final NotificationTopology.Settings D = NotificationTopology.Settings.DEFAULTS;

    /** Schema registry native API URL for the Avro serde. */
    private String registryUrl = "http://localhost:8081/apis/registry/v3";
    private Duration rateWindow = D.limits().rateWindow();
    private int limitAll = D.limits().limitAll();
    private int limitNormal = D.limits().limitNormal();
    private int limitRarely = D.limits().limitRarely();
    private Duration dedupRetention = D.limits().dedupRetention();
    private Duration handWindow = D.limits().handWindow();
    private Duration reminderLead = D.limits().reminderLead();
    private Duration punctuateEvery = D.punctuateEvery();
    private Duration pushTtl = D.pushTtl();
    private int audiencePartitions = D.audiencePartitions();
    /** The inbox's PostgreSQL (the gateway's database; notification-inbox's migration makes schema notify). */
    private String inboxJdbcUrl = "jdbc:postgresql://127.0.0.1:5432/roomcast";
    private String inboxUsername = "postgres";
    private String inboxPassword = "";
    /** Notifications read at most per inbox batch (count), each batch one PostgreSQL transaction. */
    private int inboxBatch = 2000;
    /** Wait before writing a batch again after PostgreSQL failed. */
    private Duration inboxRetry = Duration.ofSeconds(1);

    /**
     * @return the topology's settings
     * @throws IllegalArgumentException for an out-of-range value, naming the settings
     */
    public NotificationTopology.Settings topology() {
        return new NotificationTopology.Settings(new NotifyLimits(rateWindow, limitAll, limitNormal, limitRarely,
            dedupRetention, handWindow, reminderLead), punctuateEvery, pushTtl, audiencePartitions, 0, false);
    }

    public String getRegistryUrl() { return registryUrl; }
    public String getInboxJdbcUrl() { return inboxJdbcUrl; }
    public void setInboxJdbcUrl(String inboxJdbcUrl) { this.inboxJdbcUrl = inboxJdbcUrl; }
    public String getInboxUsername() { return inboxUsername; }
    public void setInboxUsername(String inboxUsername) { this.inboxUsername = inboxUsername; }
    public String getInboxPassword() { return inboxPassword; }
    public void setInboxPassword(String inboxPassword) { this.inboxPassword = inboxPassword; }
    public int getInboxBatch() { return inboxBatch; }
    public void setInboxBatch(int inboxBatch) { this.inboxBatch = inboxBatch; }
    public Duration getInboxRetry() { return inboxRetry; }
    public void setInboxRetry(Duration inboxRetry) { this.inboxRetry = inboxRetry; }
    public void setRegistryUrl(String registryUrl) { this.registryUrl = registryUrl; }
    public void setRateWindow(Duration rateWindow) { this.rateWindow = rateWindow; }
    public void setLimitAll(int limitAll) { this.limitAll = limitAll; }
    public void setLimitNormal(int limitNormal) { this.limitNormal = limitNormal; }
    public void setLimitRarely(int limitRarely) { this.limitRarely = limitRarely; }
    public void setDedupRetention(Duration dedupRetention) { this.dedupRetention = dedupRetention; }
    public void setHandWindow(Duration handWindow) { this.handWindow = handWindow; }
    public void setReminderLead(Duration reminderLead) { this.reminderLead = reminderLead; }
    public void setPunctuateEvery(Duration punctuateEvery) { this.punctuateEvery = punctuateEvery; }
    public void setPushTtl(Duration pushTtl) { this.pushTtl = pushTtl; }
    public void setAudiencePartitions(int audiencePartitions) { this.audiencePartitions = audiencePartitions; }
}
