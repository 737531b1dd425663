#pragma once

#include <QJsonObject>
#include <QWizard>

namespace gpufailover {

class EngineLink;

// The one-click provision wizard: credentials (checked live, saved to the keychain by the engine)
// → strategy → GPU and host from live offers → options → review with the monthly estimate →
// provisioning, followed step by step from the journal. Everything goes through the engine's API.
class ProvisionWizard final : public QWizard
{
    Q_OBJECT
public:
    enum PageId { Credentials, Strategy, Host, Options, Review, Progress };
    // What the pages decide, read by the later ones.
    struct Plan
    {
        bool cpuFallback = false;
        qint64 machineId = 0;
        QString gpuName;
        double pricePerGpuHour = 0;
        double storagePerGbMonth = 0;
        QJsonObject config; // POST /api/pools
        QJsonObject settings; // PUT /api/settings (snapshot target), may be empty
    };

    // Keys and a store shown already typed in: the simulator's, so the demo runs through the wizard
    // as a user would.
    struct Prefill
    {
        QString vastKey;
        QString gcpServiceAccountJson;
        QString snapshotAccessKeyId, snapshotSecretAccessKey;
        // A self-hosted S3 store: shown chosen on the options page when set.
        QString snapshotEndpoint, snapshotBucket, snapshotCaCertFile;
    };
    ProvisionWizard(EngineLink *link, Prefill prefill = {}, QWidget *parent = nullptr);
    ~ProvisionWizard() override;

    EngineLink *link() const { return m_link; }
    Plan &plan() { return m_plan; }
    const Prefill &prefill() const { return m_prefill; }
    QString createdPool() const { return m_plan.config.value(QStringLiteral("id")).toString(); }

Q_SIGNALS:
    // The user asked to remember the choices (the review page): a pool config without host.
    void defaultsChosen(const QJsonObject &config);
    void provisioned(const QString &pool, bool ok);

private:
    EngineLink *m_link;
    Prefill m_prefill;
    Plan m_plan;
};

} // namespace gpufailover
