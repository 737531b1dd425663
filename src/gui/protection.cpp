#include "gui/protection.h"

#include <QHash>
#include <QLocale>

#include <algorithm>

namespace gpufailover {

namespace {

Protection make(Protection::Level level, const QString &reason)
{
    Protection p;
    p.level = level;
    p.headline = Protection::headlineOf(level);
    p.reason = reason;
    return p;
}

} // namespace

QString Protection::headlineOf(Level level)
{
    switch (level) {
    case Protection::Level::Green:
        return tr("Protected");
    case Protection::Level::Amber:
        return tr("Attention");
    case Protection::Level::Red:
        return tr("At risk");
    }
    return {};
}

QString Protection::stateName(const QString &state)
{
    static const QHash<QString, const char *> names {
        { QStringLiteral("disabled"), QT_TR_NOOP("disabled") },
        { QStringLiteral("searching"), QT_TR_NOOP("searching") },
        { QStringLiteral("provisioning"), QT_TR_NOOP("provisioning") },
        { QStringLiteral("active"), QT_TR_NOOP("active") },
        { QStringLiteral("failover"), QT_TR_NOOP("failover") },
        { QStringLiteral("degraded"), QT_TR_NOOP("degraded") },
        { QStringLiteral("paused"), QT_TR_NOOP("paused") },
        { QStringLiteral("hibernated"), QT_TR_NOOP("hibernated") },
    };
    const char *name = names.value(state);
    return name ? tr(name) : state;
}

Protection Protection::of(const QJsonObject &pool)
{
    using L = Level;
    const QString state = pool.value(QStringLiteral("state")).toString();
    const QString reason = pool.value(QStringLiteral("reason")).toString();
    const QString readiness = pool.value(QStringLiteral("readiness")).toString();
    const QString readinessReason = pool.value(QStringLiteral("readiness_reason")).toString();
    if (pool.value(QStringLiteral("active_target")).toString() == u"cpu")
        return make(L::Amber, tr("The CPU standby serves your endpoint while a new GPU is restored."));
    if (state == u"degraded")
        return make(L::Red, tr("Not protected: %1").arg(reason));
    if (state == u"disabled")
        return make(L::Red, tr("Disabled: nothing watches this pool."));
    if (state == u"failover")
        return make(L::Amber, tr("Failing over: %1").arg(reason));
    if (state == u"searching" || state == u"provisioning")
        return make(L::Amber, tr("Being set up: %1").arg(reason));
    if (state == u"hibernated")
        return make(L::Green, tr("Hibernated: the GPU is stopped and its data waits on the volume."));
    if (state == u"paused")
        return make(L::Amber, tr("Automation paused: a failure would not be recovered."));
    if (readiness == u"red")
        return make(L::Red, tr("No standby ready: %1").arg(readinessReason));
    if (readiness == u"amber")
        return make(L::Amber, readinessReason);
    const QJsonValue snapshots = pool.value(QStringLiteral("snapshots"));
    if (snapshots.isObject() && snapshots.toObject().value(QStringLiteral("repository_healthy")) == QJsonValue(false))
        return make(L::Amber, tr("The snapshot repository failed its last check."));
    if (readiness == u"green")
        return make(L::Green, tr("Standby ready on the same host."));
    return make(L::Amber, tr("Checking the standby."));
}

Protection::Level Protection::worst(const QList<Protection> &all)
{
    Protection::Level worst = Protection::Level::Green;
    for (const Protection &p : all)
        worst = std::max(worst, p.level);
    return worst;
}

QString Format::duration(double seconds)
{
    const qint64 s = qint64(seconds + 0.5);
    if (s < 60)
        return tr("%1 s").arg(s);
    if (s < 3600)
        return tr("%1 min").arg(s / 60);
    if (s < 86400)
        return tr("%1 h %2 min").arg(s / 3600).arg(s % 3600 / 60);
    return tr("%1 d %2 h").arg(s / 86400).arg(s % 86400 / 3600);
}

QString Format::dollars(double amount)
{
    // US dollars, as the providers bill; the figure in the reader's own number format.
    // Whole dollars from $10, cents below, tenths of a cent for a stopped disk's hourly price.
    const int decimals = amount >= 10 ? 0 : (amount > 0 && amount < 0.1 ? 3 : 2);
    return tr("$%1").arg(QLocale().toString(amount, 'f', decimals));
}

} // namespace gpufailover
