#include "providers/gcpstandbyvm.h"

#include "core/clock.h"
#include "providers/providerslogging.h"

namespace gpufailover {

GcpStandbyVm::GcpStandbyVm(
    GcpClient *client, Clock *clock, GcpVmSpec spec, QStringList zones, qint64 pollMs, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_clock(clock)
    , m_spec(std::move(spec))
    , m_pollMs(pollMs)
    , m_zones(std::move(zones))
{ }

StandbyVmProvider::Vm GcpStandbyVm::toVm(const GcpVm &vm, bool restarted) const
{
    return { vm.name, vm.zone, SshEndpoint { vm.natIp, vm.sshPort, true, m_spec.sshUser }, restarted };
}

void GcpStandbyVm::ensure(QObject *context, std::function<void(Result<Vm>)> done)
{
    // Where it was last seen first, then every allowed zone.
    if (!m_zone.isEmpty()) {
        m_client->getVm(m_zone, m_spec.name, context, [=, this](Result<std::optional<GcpVm>> vm) {
            if (!vm)
                return done(vm.error());
            if (vm->has_value())
                return bringUp(**vm, context, done);
            m_zone.clear();
            ensure(context, done);
        });
        return;
    }
    find(0, context, [=, this](Result<std::optional<GcpVm>> vm) {
        if (!vm)
            return done(vm.error());
        if (vm->has_value())
            return bringUp(**vm, context, done);
        create(m_zones, false, context, done);
    });
}

// Every allowed zone, not only where it was last seen: a VM recreated elsewhere by an engine that
// crashed before it noted the zone must not be left billing.
void GcpStandbyVm::remove(QObject *context, std::function<void(Status)> done)
{
    QStringList zones = m_zones;
    if (!m_zone.isEmpty() && !zones.contains(m_zone))
        zones.prepend(m_zone);
    removeFrom(zones, context, std::move(done));
}

void GcpStandbyVm::removeFrom(QStringList zones, QObject *context, std::function<void(Status)> done)
{
    if (zones.isEmpty()) {
        m_zone.clear();
        return done(okStatus());
    }
    const QString zone = zones.takeFirst();
    m_client->deleteVm(zone, m_spec.name, context, [=, this](Result<Unit> deleted) {
        if (!deleted)
            return done(Error { deleted.error().code,
                QStringLiteral("cannot delete the standby VM %1 in %2: %3")
                    .arg(m_spec.name, zone, deleted.error().message) });
        removeFrom(zones, context, done);
    });
}

void GcpStandbyVm::find(int index, QObject *context, std::function<void(Result<std::optional<GcpVm>>)> done)
{
    if (index >= m_zones.size())
        return done(std::optional<GcpVm>());
    m_client->getVm(m_zones.at(index), m_spec.name, context, [=, this](Result<std::optional<GcpVm>> vm) {
        if (!vm || vm->has_value())
            return done(vm);
        find(index + 1, context, done);
    });
}

void GcpStandbyVm::bringUp(const GcpVm &vm, QObject *context, std::function<void(Result<Vm>)> done)
{
    m_zone = vm.zone;
    if (vm.running())
        return done(toVm(vm, false));
    if (vm.status == u"TERMINATED" || vm.status == u"SUSPENDED") {
        qCInfo(lcGcp).noquote() << "standby VM" << vm.name << "is stopped (" << vm.statusMessage << "); starting it";
        m_client->startVm(vm.zone, vm.name, context, [=, this](Result<Unit> started) {
            if (started)
                return waitRunning(vm.zone, 0, true, context, done);
            if (started.error().code != gcperr::NoCapacity)
                return done(started.error());
            // No Spot room left in its zone: a new VM elsewhere (its copy is rebuilt by the next sync).
            qCWarning(lcGcp).noquote() << "no capacity to restart" << vm.name << "in" << vm.zone << "; recreating";
            m_client->deleteVm(vm.zone, vm.name, context, [=, this](Result<Unit> deleted) {
                if (!deleted)
                    return done(deleted.error());
                QStringList others = m_zones;
                others.removeAll(vm.zone);
                create(others, true, context, done);
            });
        });
        return;
    }
    // PROVISIONING, STAGING, STOPPING: it is on its way somewhere; look again.
    waitRunning(vm.zone, 0, false, context, done);
}

void GcpStandbyVm::waitRunning(
    const QString &zone, int polls, bool restarted, QObject *context, std::function<void(Result<Vm>)> done)
{
    m_client->getVm(zone, m_spec.name, context, [=, this](Result<std::optional<GcpVm>> vm) {
        if (!vm)
            return done(vm.error());
        if (!vm->has_value())
            return done(Error { gcperr::NotFound, QStringLiteral("the standby VM vanished") });
        if ((*vm)->running())
            return done(toVm(**vm, restarted));
        if ((*vm)->status == u"TERMINATED" && polls > 0)
            return bringUp(**vm, context, done);
        if (polls > 60)
            return done(Error { gcperr::Timeout, QStringLiteral("the standby VM is still %1").arg((*vm)->status) });
        m_clock->singleShot(m_pollMs, this, [=, this] { waitRunning(zone, polls + 1, restarted, context, done); });
    });
}

void GcpStandbyVm::create(QStringList zones, bool restarted, QObject *context, std::function<void(Result<Vm>)> done)
{
    m_client->createVm(m_spec, zones, context, [=, this](Result<GcpVm> vm) {
        if (!vm)
            return done(vm.error());
        m_zone = vm->zone;
        if (vm->running())
            return done(toVm(*vm, restarted));
        waitRunning(vm->zone, 0, restarted, context, done);
    });
}

} // namespace gpufailover
