#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace gpufailover {

struct GpuReading
{
    int index = 0;
    QString name;
    std::optional<int> utilizationPct;
    std::optional<int> memoryUsedMiB, memoryTotalMiB;
    std::optional<int> temperatureC;
    std::optional<qint64> eccUncorrected;
};

// One look at an instance through SSH.
struct HealthSample
{
    enum class Status {
        Healthy,
        Unhealthy, // the probe ran and saw a sick GPU: fell off the bus, driver gone, ECC errors...
        ProbeFailed, // the probe itself did not work: SSH down, timeout, unreadable output
    };
    // When the probe failed, what a plain TCP look at the SSH port saw (SSH failing
    // alone is not proof). A host whose kernel runs accepts the connection even when its
    // processes are frozen; a blocked or badly degraded path does not let it through at all.
    enum class Path {
        NotChecked,
        Unreachable, // no connection within the timeout: the path, or the whole machine (the API tells)
        Refused, // the machine answered with a reset: it runs, its sshd does not
        Silent, // connected, and sshd said nothing for the whole timeout: the host's processes hang
        Answers, // sshd sent its greeting: the host lives; the probe failed on a slow link or a login
    };
    Status status = Status::ProbeFailed;
    Path path = Path::NotChecked;
    QString reason; // for people; empty when healthy
    QList<GpuReading> gpus;
    std::optional<qint64> diskUsedBytes, diskTotalBytes; // of /workspace
    qint64 latencyMs = 0; // how long the whole probe took (the engine measures it on its clock)
    QDateTime time;

    bool healthy() const { return status == Status::Healthy; }
};

QString toString(HealthSample::Status status);

} // namespace gpufailover
