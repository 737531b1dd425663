#pragma once

#include "core/result.h"

#include <QHash>
#include <QMetaType>
#include <QObject>
#include <QProcessEnvironment>
#include <QStringList>
#include <QVariant>

#include <optional>

namespace gpufailover {

struct SettingSpec
{
    QString name; // INI key, "group/key"
    QMetaType::Type type; // Bool, Int, QString or QStringList
    QVariant defaultValue;
    QString envVar; // the original design's environment variable, if it had one
    std::optional<qint64> min, max;
    QString description;
};

// A typed handle on a registered setting; the compiler checks that callers read a bool as a bool.
template <typename T> struct SettingKey
{
    const SettingSpec *spec;
};

namespace keys {
extern const SettingKey<bool> WarmPoolEnabled;
extern const SettingKey<int> WarmPoolMinGpus;
extern const SettingKey<int> WarmPoolVolumeSizeGb;
extern const SettingKey<bool> WarmPoolAutoProvision;
extern const SettingKey<bool> WarmPoolFallbackToCpu;
extern const SettingKey<QStringList> WarmPoolPreferredGpus;
extern const SettingKey<int> HealthIntervalS;
extern const SettingKey<int> HealthFailureThreshold;
extern const SettingKey<int> HealthProbeTimeoutS;
extern const SettingKey<int> OfflineGraceS;
extern const SettingKey<int> FenceDeadlineS;
extern const SettingKey<int> StandbyStartDeadlineS;
extern const SettingKey<int> FailoverCooldownS;
extern const SettingKey<int> MaxFailoversPerHour;
extern const SettingKey<int> CpuSyncIntervalS;
extern const SettingKey<int> ApiPort;
extern const SettingKey<QString> UiLanguage;
extern const SettingKey<QString> UiProvisionDefaults;
extern const SettingKey<QStringList> UiMutedAlerts;
extern const SettingKey<QString> VastUrl;
extern const SettingKey<QString> GcpUrl;
extern const SettingKey<int> BudgetMonthlyCents;
extern const SettingKey<QStringList> CpuZones;
extern const SettingKey<QString> CpuMachineType;
extern const SettingKey<int> CpuDiskGb;
extern const SettingKey<QString> CpuServeCommand;
extern const SettingKey<QString> SnapshotTarget;
extern const SettingKey<QString> SnapshotBucket;
extern const SettingKey<QString> SnapshotRegion;
extern const SettingKey<QString> SnapshotAccountId;
extern const SettingKey<QString> SnapshotEndpoint;
extern const SettingKey<QString> SnapshotCaCert;
extern const SettingKey<int> SnapshotIntervalMin;
extern const SettingKey<int> SnapshotKeepLast;
extern const SettingKey<int> SnapshotKeepDaily;
extern const SettingKey<int> SnapshotPruneEveryH;
extern const SettingKey<int> SnapshotDrillEvery;
} // namespace keys

const QList<const SettingSpec *> &settingRegistry();
const SettingSpec *findSetting(const QString &name);

// Typed settings over an INI file in the config dir. Values come, lowest first,
// from: the registry's default, the INI file, a `.env` file in the config dir, the process
// environment. Overrides are never written back, so a variable set for one run does not stick.
class Settings final : public QObject
{
    Q_OBJECT
public:
    static constexpr int kSchemaVersion = 2;

    Settings(QString configDir, QProcessEnvironment environment, QObject *parent = nullptr);

    // Reads, migrates and validates; returns one line per value that was ignored and why.
    QStringList load();
    Status save() const;

    template <typename T> T value(SettingKey<T> key) const { return variant(*key.spec).template value<T>(); }
    template <typename T> Status setValue(SettingKey<T> key, const T &value)
    {
        return setVariant(*key.spec, QVariant::fromValue(value));
    }

    QVariant variant(const SettingSpec &spec) const;
    Status setVariant(const SettingSpec &spec, const QVariant &value);
    // Where the effective value comes from: "default", "file", ".env" or "environment".
    QString source(const SettingSpec &spec) const;
    bool isOverridden(const SettingSpec &spec) const { return m_overrides.contains(spec.name); }

    QString filePath() const;
    int loadedSchemaVersion() const { return m_loadedVersion; }

    // Parses text (from the environment, a .env file or the API) into the spec's type, or says why not.
    static Result<QVariant> parse(const SettingSpec &spec, const QString &text);
    static Result<QVariant> validate(const SettingSpec &spec, const QVariant &value);

Q_SIGNALS:
    void changed(const QString &name);

private:
    void migrate(QHash<QString, QVariant> &raw, int fromVersion) const;
    QHash<QString, QString> readDotEnv(QStringList &problems) const;

    QString m_configDir;
    QProcessEnvironment m_environment;
    QHash<QString, QVariant> m_stored;
    QHash<QString, QVariant> m_overrides;
    QHash<QString, QString> m_overrideSource;
    int m_loadedVersion = 0;
};

} // namespace gpufailover
