#include "core/settings.h"

#include <cmath>

#include "core/logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>

namespace gpufailover {
namespace {

using T = QMetaType::Type;

// clang-format off
const SettingSpec sWarmPoolEnabled{QStringLiteral("warmPool/enabled"), T::Bool, true, QStringLiteral("WARM_POOL_ENABLED"), {}, {}, QStringLiteral("Protect with a GPU warm pool when a host has room for it")};
const SettingSpec sWarmPoolMinGpus{QStringLiteral("warmPool/minGpus"), T::Int, 2, QStringLiteral("WARM_POOL_MIN_GPUS"), 2, 8, QStringLiteral("Free GPUs a host needs for a warm pool (primary + standby)")};
const SettingSpec sWarmPoolVolumeSizeGb{QStringLiteral("warmPool/volumeSizeGb"), T::Int, 50, QStringLiteral("WARM_POOL_VOLUME_SIZE_GB"), 1, 16384, QStringLiteral("Size of the shared Vast volume in GB")};
const SettingSpec sWarmPoolAutoProvision{QStringLiteral("warmPool/autoProvision"), T::Bool, true, QStringLiteral("WARM_POOL_AUTO_PROVISION"), {}, {}, QStringLiteral("Rent a standby automatically when a pool lacks one")};
const SettingSpec sWarmPoolFallbackToCpu{QStringLiteral("warmPool/fallbackToCpu"), T::Bool, true, QStringLiteral("WARM_POOL_FALLBACK_TO_CPU"), {}, {}, QStringLiteral("Fall back to the CPU standby when the warm pool cannot take over")};
const SettingSpec sWarmPoolPreferredGpus{QStringLiteral("warmPool/preferredGpus"), T::QStringList, QStringList{QStringLiteral("RTX 4090"), QStringLiteral("RTX 3090")}, QStringLiteral("WARM_POOL_PREFERRED_GPUS"), {}, {}, QStringLiteral("GPU models to look for, in order of preference")};
const SettingSpec sHealthIntervalS{QStringLiteral("health/intervalS"), T::Int, 10, QStringLiteral("WARM_POOL_HEALTH_CHECK_INTERVAL"), 1, 3600, QStringLiteral("Seconds between health checks")};
const SettingSpec sHealthFailureThreshold{QStringLiteral("health/failureThreshold"), T::Int, 3, {}, 1, 100, QStringLiteral("Consecutive failed checks before an instance is declared dead")};
const SettingSpec sHealthProbeTimeoutS{QStringLiteral("health/probeTimeoutS"), T::Int, 5, {}, 1, 600, QStringLiteral("Seconds a single probe may take")};
const SettingSpec sOfflineGraceS{QStringLiteral("health/offlineGraceS"), T::Int, 120, {}, 5, 86400, QStringLiteral("Seconds a host may be reported offline before it is declared lost (new pools)")};
const SettingSpec sFenceDeadlineS{QStringLiteral("failover/fenceDeadlineS"), T::Int, 60, {}, 5, 3600, QStringLiteral("Seconds to wait for the old primary to be confirmed stopped")};
const SettingSpec sStandbyStartDeadlineS{QStringLiteral("failover/standbyStartDeadlineS"), T::Int, 180, {}, 10, 7200, QStringLiteral("Seconds to wait for the standby to run before escalating")};
const SettingSpec sFailoverCooldownS{QStringLiteral("failover/cooldownS"), T::Int, 1800, {}, 0, 86400, QStringLiteral("Seconds after a failover during which no other one starts")};
const SettingSpec sMaxFailoversPerHour{QStringLiteral("failover/maxPerHour"), T::Int, 2, {}, 1, 60, QStringLiteral("Failovers in an hour after which automation pauses")};
const SettingSpec sCpuSyncIntervalS{QStringLiteral("cpuStandby/syncIntervalS"), T::Int, 30, {}, 1, 86400, QStringLiteral("Seconds between syncs to the CPU standby")};
const SettingSpec sApiPort{QStringLiteral("api/port"), T::Int, 47615, {}, 0, 65535, QStringLiteral("Port of the local REST API (0 = any free port)")};
const SettingSpec sUiLanguage{QStringLiteral("ui/language"), T::QString, QString(), {}, {}, {}, QStringLiteral("Language of the interface; empty follows the system")};
const SettingSpec sUiMutedAlerts{QStringLiteral("ui/mutedAlerts"), T::QStringList, QStringList(), {}, {}, {}, QStringLiteral("Alert kinds that make no desktop notification (they stay in the events view)")};
const SettingSpec sUiProvisionDefaults{QStringLiteral("ui/provisionDefaults"), T::QString, QString(), {}, {}, {}, QStringLiteral("The provision wizard's last choices (a pool configuration as JSON), for a new pool in one click")};
const SettingSpec sVastUrl{QStringLiteral("vast/url"), T::QString, QStringLiteral("https://console.vast.ai"), QStringLiteral("VAST_URL"), {}, {}, QStringLiteral("Vast.ai API base URL")};
const SettingSpec sGcpUrl{QStringLiteral("gcp/url"), T::QString, QStringLiteral("https://compute.googleapis.com"), {}, {}, {}, QStringLiteral("GCP Compute API base URL")};
const SettingSpec sSnapshotTarget{QStringLiteral("snapshots/target"), T::QString, QString(), {}, {}, {}, QStringLiteral("Where snapshots go: b2, r2, s3, or empty for none")};
const SettingSpec sSnapshotBucket{QStringLiteral("snapshots/bucket"), T::QString, QString(), {}, {}, {}, QStringLiteral("Bucket that holds the snapshot repositories (one per pool)")};
const SettingSpec sSnapshotRegion{QStringLiteral("snapshots/region"), T::QString, QString(), {}, {}, {}, QStringLiteral("Region of the bucket (B2: us-west-004; R2: ignored)")};
const SettingSpec sSnapshotAccountId{QStringLiteral("snapshots/accountId"), T::QString, QString(), {}, {}, {}, QStringLiteral("Cloudflare account id (R2 only)")};
const SettingSpec sSnapshotEndpoint{QStringLiteral("snapshots/endpoint"), T::QString, QString(), {}, {}, {}, QStringLiteral("Endpoint of a self-hosted S3 store (s3 only)")};
const SettingSpec sSnapshotCaCert{QStringLiteral("snapshots/caCertFile"), T::QString, QString(), {}, {}, {}, QStringLiteral("CA certificate (PEM file on this computer) of a self-hosted store; sent to the hosts with each snapshot run")};
const SettingSpec sSnapshotIntervalMin{QStringLiteral("snapshots/intervalMin"), T::Int, 60, {}, 1, 10080, QStringLiteral("Minutes between snapshots")};
const SettingSpec sSnapshotKeepLast{QStringLiteral("snapshots/keepLast"), T::Int, 24, {}, 1, 10000, QStringLiteral("Snapshots always kept (restic forget --keep-last)")};
const SettingSpec sSnapshotKeepDaily{QStringLiteral("snapshots/keepDaily"), T::Int, 7, {}, 0, 3650, QStringLiteral("Daily snapshots kept (restic forget --keep-daily)")};
const SettingSpec sSnapshotPruneEveryH{QStringLiteral("snapshots/pruneEveryH"), T::Int, 0, {}, 0, 8760, QStringLiteral("Hours between prunes (0 = never; prune rewrites packs)")};
const SettingSpec sSnapshotDrillEvery{QStringLiteral("snapshots/drillEvery"), T::Int, 6, {}, 0, 1000, QStringLiteral("A restore drill after every Nth snapshot (0 = on demand only)")};
const SettingSpec sCpuZones{QStringLiteral("cpuStandby/zones"), T::QStringList, QStringList{QStringLiteral("us-central1-a"), QStringLiteral("us-central1-b"), QStringLiteral("us-east1-b")}, {}, {}, {}, QStringLiteral("GCP zones the CPU standby may run in, in order of preference")};
const SettingSpec sCpuMachineType{QStringLiteral("cpuStandby/machineType"), T::QString, QStringLiteral("e2-medium"), {}, {}, {}, QStringLiteral("Machine type of the CPU standby VM")};
const SettingSpec sCpuDiskGb{QStringLiteral("cpuStandby/diskGb"), T::Int, 50, {}, 10, 65536, QStringLiteral("Boot disk of the CPU standby VM in GB (holds the copies)")};
const SettingSpec sCpuServeCommand{QStringLiteral("cpuStandby/serveCommand"), T::QString, QString(), {}, {}, {}, QStringLiteral("Command run on the CPU standby while it is the active target (empty = none)")};
const SettingSpec sBudgetMonthlyCents{QStringLiteral("budget/monthlyCents"), T::Int, 0, {}, 0, 100000000, QStringLiteral("Monthly budget for all pools in US cents (0 = none): alerts at 80 % and 100 %")};
// clang-format on

// Schema 1 was the first releases' flat layout: one lowercase key per environment variable.
const QHash<QString, QString> &v1Renames()
{
    static const QHash<QString, QString> r = {
        { QStringLiteral("warm_pool_enabled"), sWarmPoolEnabled.name },
        { QStringLiteral("warm_pool_min_gpus"), sWarmPoolMinGpus.name },
        { QStringLiteral("warm_pool_volume_size_gb"), sWarmPoolVolumeSizeGb.name },
        { QStringLiteral("warm_pool_auto_provision"), sWarmPoolAutoProvision.name },
        { QStringLiteral("warm_pool_fallback_to_cpu"), sWarmPoolFallbackToCpu.name },
        { QStringLiteral("warm_pool_preferred_gpus"), sWarmPoolPreferredGpus.name },
        { QStringLiteral("warm_pool_health_check_interval"), sHealthIntervalS.name },
    };
    return r;
}

const QString kVersionKey = QStringLiteral("meta/schemaVersion");

} // namespace

namespace keys {
const SettingKey<bool> WarmPoolEnabled { &sWarmPoolEnabled };
const SettingKey<int> WarmPoolMinGpus { &sWarmPoolMinGpus };
const SettingKey<int> WarmPoolVolumeSizeGb { &sWarmPoolVolumeSizeGb };
const SettingKey<bool> WarmPoolAutoProvision { &sWarmPoolAutoProvision };
const SettingKey<bool> WarmPoolFallbackToCpu { &sWarmPoolFallbackToCpu };
const SettingKey<QStringList> WarmPoolPreferredGpus { &sWarmPoolPreferredGpus };
const SettingKey<int> HealthIntervalS { &sHealthIntervalS };
const SettingKey<int> HealthFailureThreshold { &sHealthFailureThreshold };
const SettingKey<int> HealthProbeTimeoutS { &sHealthProbeTimeoutS };
const SettingKey<int> OfflineGraceS { &sOfflineGraceS };
const SettingKey<int> FenceDeadlineS { &sFenceDeadlineS };
const SettingKey<int> StandbyStartDeadlineS { &sStandbyStartDeadlineS };
const SettingKey<int> FailoverCooldownS { &sFailoverCooldownS };
const SettingKey<int> MaxFailoversPerHour { &sMaxFailoversPerHour };
const SettingKey<int> CpuSyncIntervalS { &sCpuSyncIntervalS };
const SettingKey<int> ApiPort { &sApiPort };
const SettingKey<QString> UiLanguage { &sUiLanguage };
const SettingKey<QString> UiProvisionDefaults { &sUiProvisionDefaults };
const SettingKey<QStringList> UiMutedAlerts { &sUiMutedAlerts };
const SettingKey<QString> VastUrl { &sVastUrl };
const SettingKey<QString> GcpUrl { &sGcpUrl };
const SettingKey<int> BudgetMonthlyCents { &sBudgetMonthlyCents };
const SettingKey<QStringList> CpuZones { &sCpuZones };
const SettingKey<QString> CpuMachineType { &sCpuMachineType };
const SettingKey<int> CpuDiskGb { &sCpuDiskGb };
const SettingKey<QString> CpuServeCommand { &sCpuServeCommand };
const SettingKey<QString> SnapshotTarget { &sSnapshotTarget };
const SettingKey<QString> SnapshotBucket { &sSnapshotBucket };
const SettingKey<QString> SnapshotRegion { &sSnapshotRegion };
const SettingKey<QString> SnapshotAccountId { &sSnapshotAccountId };
const SettingKey<QString> SnapshotEndpoint { &sSnapshotEndpoint };
const SettingKey<QString> SnapshotCaCert { &sSnapshotCaCert };
const SettingKey<int> SnapshotIntervalMin { &sSnapshotIntervalMin };
const SettingKey<int> SnapshotKeepLast { &sSnapshotKeepLast };
const SettingKey<int> SnapshotKeepDaily { &sSnapshotKeepDaily };
const SettingKey<int> SnapshotPruneEveryH { &sSnapshotPruneEveryH };
const SettingKey<int> SnapshotDrillEvery { &sSnapshotDrillEvery };
} // namespace keys

const QList<const SettingSpec *> &settingRegistry()
{
    static const QList<const SettingSpec *> all = {
        &sWarmPoolEnabled,
        &sWarmPoolMinGpus,
        &sWarmPoolVolumeSizeGb,
        &sWarmPoolAutoProvision,
        &sWarmPoolFallbackToCpu,
        &sWarmPoolPreferredGpus,
        &sHealthIntervalS,
        &sHealthFailureThreshold,
        &sHealthProbeTimeoutS,
        &sOfflineGraceS,
        &sFenceDeadlineS,
        &sStandbyStartDeadlineS,
        &sFailoverCooldownS,
        &sMaxFailoversPerHour,
        &sCpuSyncIntervalS,
        &sApiPort,
        &sUiLanguage,
        &sUiProvisionDefaults,
        &sUiMutedAlerts,
        &sVastUrl,
        &sGcpUrl,
        &sBudgetMonthlyCents,
        &sCpuZones,
        &sCpuMachineType,
        &sCpuDiskGb,
        &sCpuServeCommand,
        &sSnapshotTarget,
        &sSnapshotBucket,
        &sSnapshotRegion,
        &sSnapshotAccountId,
        &sSnapshotEndpoint,
        &sSnapshotCaCert,
        &sSnapshotIntervalMin,
        &sSnapshotKeepLast,
        &sSnapshotKeepDaily,
        &sSnapshotPruneEveryH,
        &sSnapshotDrillEvery,
    };
    return all;
}

const SettingSpec *findSetting(const QString &name)
{
    for (const SettingSpec *s : settingRegistry()) {
        if (s->name == name)
            return s;
    }
    return nullptr;
}

Settings::Settings(QString configDir, QProcessEnvironment environment, QObject *parent)
    : QObject(parent)
    , m_configDir(std::move(configDir))
    , m_environment(std::move(environment))
{ }

QString Settings::filePath() const
{
    return QDir(m_configDir).filePath(QStringLiteral("gpufailover.ini"));
}

Result<QVariant> Settings::parse(const SettingSpec &spec, const QString &text)
{
    const QString t = text.trimmed();
    switch (spec.type) {
    case T::Bool: {
        const QString l = t.toLower();
        if (l == u"1" || l == u"true" || l == u"yes" || l == u"on")
            return QVariant(true);
        if (l == u"0" || l == u"false" || l == u"no" || l == u"off")
            return QVariant(false);
        return Error { QStringLiteral("invalid_value"),
            QStringLiteral("%1: expected true or false, got \"%2\"").arg(spec.name, t) };
    }
    case T::Int: {
        bool ok = false;
        const qint64 n = t.toLongLong(&ok);
        if (!ok)
            return Error { QStringLiteral("invalid_value"),
                QStringLiteral("%1: expected a whole number, got \"%2\"").arg(spec.name, t) };
        return validate(spec, QVariant(n));
    }
    case T::QStringList: {
        QStringList items;
        for (const QString &part : t.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            if (!part.trimmed().isEmpty())
                items.append(part.trimmed());
        }
        return QVariant(items);
    }
    default:
        return QVariant(t);
    }
}

Result<QVariant> Settings::validate(const SettingSpec &spec, const QVariant &value)
{
    QVariant v = value;
    if (spec.type == T::QStringList && v.typeId() == QMetaType::QString)
        return parse(spec, v.toString());
    if (spec.type == T::QStringList && v.typeId() == QMetaType::QVariantList) {
        // A JSON array (the API): every element must be text.
        QStringList items;
        for (const QVariant &item : v.toList()) {
            if (item.typeId() != QMetaType::QString)
                return Error { QStringLiteral("invalid_type"),
                    QStringLiteral("%1: expected a list of text").arg(spec.name) };
            items.append(item.toString());
        }
        return QVariant(items);
    }
    if (spec.type == T::Int && v.typeId() == QMetaType::Double) {
        // Range first: converting a double beyond qint64 to an integer is undefined behaviour.
        const double d = v.toDouble();
        if (!(std::abs(d) < 9e15) || d != std::floor(d))
            return Error { QStringLiteral("invalid_value"),
                QStringLiteral("%1: expected a whole number").arg(spec.name) };
        v = QVariant(qint64(v.toDouble()));
    }
    const bool typeOk = (spec.type == T::Bool && v.typeId() == QMetaType::Bool)
        || (spec.type == T::Int && (v.typeId() == QMetaType::Int || v.typeId() == QMetaType::LongLong))
        || (spec.type == T::QString && v.typeId() == QMetaType::QString)
        || (spec.type == T::QStringList && v.typeId() == QMetaType::QStringList);
    if (!typeOk)
        return Error { QStringLiteral("invalid_type"),
            QStringLiteral("%1: expected %2, got %3")
                .arg(spec.name, QString::fromLatin1(QMetaType(spec.type).name()), QString::fromLatin1(v.typeName())) };
    if (spec.type == T::Int) {
        const qint64 n = v.toLongLong();
        if ((spec.min && n < *spec.min) || (spec.max && n > *spec.max))
            return Error { QStringLiteral("out_of_range"),
                QStringLiteral("%1: %2 is outside %3..%4")
                    .arg(spec.name)
                    .arg(n)
                    .arg(spec.min.value_or(INT_MIN))
                    .arg(spec.max.value_or(INT_MAX)) };
        return QVariant(int(n));
    }
    return v;
}

QHash<QString, QString> Settings::readDotEnv(QStringList &problems) const
{
    QHash<QString, QString> out;
    QFile f(QDir(m_configDir).filePath(QStringLiteral(".env")));
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return out;
    int lineNo = 0;
    for (const QByteArray &raw : f.readAll().split('\n')) {
        ++lineNo;
        QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        if (line.startsWith(QLatin1StringView("export ")))
            line = line.mid(7).trimmed();
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            problems << QStringLiteral(".env line %1: expected NAME=value").arg(lineNo);
            continue;
        }
        QString value = line.mid(eq + 1).trimmed();
        if (value.size() >= 2 && (value.front() == u'"' || value.front() == u'\'') && value.back() == value.front())
            value = value.mid(1, value.size() - 2);
        out.insert(line.left(eq).trimmed(), value);
    }
    return out;
}

void Settings::migrate(QHash<QString, QVariant> &raw, int fromVersion) const
{
    if (fromVersion < 2) {
        for (auto it = v1Renames().cbegin(); it != v1Renames().cend(); ++it) {
            if (raw.contains(it.key()) && !raw.contains(it.value()))
                raw.insert(it.value(), raw.value(it.key()));
            raw.remove(it.key());
        }
    }
}

QStringList Settings::load()
{
    QStringList problems;
    m_stored.clear();
    m_overrides.clear();
    m_overrideSource.clear();

    QHash<QString, QVariant> raw;
    {
        QSettings ini(filePath(), QSettings::IniFormat);
        for (const QString &k : ini.allKeys())
            raw.insert(k, ini.value(k));
        if (ini.status() != QSettings::NoError)
            problems << QStringLiteral("%1 could not be read; using defaults").arg(filePath());
    }
    // A file with settings but no version is the first releases' layout (schema 1).
    m_loadedVersion = raw.contains(kVersionKey) ? raw.value(kVersionKey).toInt() : (raw.isEmpty() ? kSchemaVersion : 1);
    raw.remove(kVersionKey);
    if (m_loadedVersion < kSchemaVersion)
        migrate(raw, m_loadedVersion);

    for (const SettingSpec *spec : settingRegistry()) {
        if (!raw.contains(spec->name))
            continue;
        const QVariant v = raw.value(spec->name);
        // QSettings returns text for everything it read from INI; lists come back as lists.
        const auto parsed = v.typeId() == QMetaType::QStringList && spec->type == T::QStringList
            ? Result<QVariant>(v)
            : parse(
                *spec, v.typeId() == QMetaType::QStringList ? v.toStringList().join(QLatin1Char(',')) : v.toString());
        if (parsed)
            m_stored.insert(spec->name, *parsed);
        else
            problems << parsed.error().message + QStringLiteral(" (in %1; default used)").arg(filePath());
    }

    const QHash<QString, QString> dotEnv = readDotEnv(problems);
    for (const SettingSpec *spec : settingRegistry()) {
        if (spec->envVar.isEmpty())
            continue;
        QString text;
        QString source;
        if (m_environment.contains(spec->envVar)) {
            text = m_environment.value(spec->envVar);
            source = QStringLiteral("environment");
        } else if (dotEnv.contains(spec->envVar)) {
            text = dotEnv.value(spec->envVar);
            source = QStringLiteral(".env");
        } else {
            continue;
        }
        const auto parsed = parse(*spec, text);
        if (parsed) {
            m_overrides.insert(spec->name, *parsed);
            m_overrideSource.insert(spec->name, source);
        } else {
            problems << QStringLiteral("%1 from %2 ignored: %3").arg(spec->envVar, source, parsed.error().message);
        }
    }
    for (const QString &p : std::as_const(problems))
        qCWarning(lcSettings).noquote() << p;
    return problems;
}

QVariant Settings::variant(const SettingSpec &spec) const
{
    if (auto it = m_overrides.constFind(spec.name); it != m_overrides.constEnd())
        return *it;
    if (auto it = m_stored.constFind(spec.name); it != m_stored.constEnd())
        return *it;
    return spec.defaultValue;
}

QString Settings::source(const SettingSpec &spec) const
{
    if (m_overrideSource.contains(spec.name))
        return m_overrideSource.value(spec.name);
    return m_stored.contains(spec.name) ? QStringLiteral("file") : QStringLiteral("default");
}

Status Settings::setVariant(const SettingSpec &spec, const QVariant &value)
{
    const auto valid = validate(spec, value);
    if (!valid)
        return valid.error();
    if (m_stored.value(spec.name, spec.defaultValue) == *valid && m_stored.contains(spec.name))
        return okStatus();
    m_stored.insert(spec.name, *valid);
    Q_EMIT changed(spec.name);
    return okStatus();
}

Status Settings::save() const
{
    if (!QDir().mkpath(m_configDir))
        return Error { QStringLiteral("io_error"), QStringLiteral("cannot create %1").arg(m_configDir) };
    // QSettings writes through QSaveFile (atomic rename) as long as atomic sync is required, so a
    // crash mid-save leaves the previous file intact.
    QSettings ini(filePath(), QSettings::IniFormat);
    ini.setAtomicSyncRequired(true);
    ini.clear();
    ini.setValue(kVersionKey, kSchemaVersion);
    for (const SettingSpec *spec : settingRegistry()) {
        if (m_stored.contains(spec->name))
            ini.setValue(spec->name, m_stored.value(spec->name));
    }
    ini.sync();
    if (ini.status() != QSettings::NoError)
        return Error { QStringLiteral("io_error"), QStringLiteral("cannot write %1").arg(filePath()) };
    return okStatus();
}

} // namespace gpufailover
