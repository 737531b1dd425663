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

// One look at an instance through SSH (design.md §5).
struct HealthSample
{
    enum class Status {
        Healthy,
        Unhealthy, // the probe ran and saw a sick GPU: fell off the bus, driver gone, ECC errors...
        ProbeFailed, // the probe itself did not work: SSH down, timeout, unreadable output
    };
    Status status = Status::ProbeFailed;
    QString reason; // for people; empty when healthy
    QList<GpuReading> gpus;
    std::optional<qint64> diskUsedBytes, diskTotalBytes; // of /workspace
    qint64 latencyMs = 0;
    QDateTime time;

    bool healthy() const { return status == Status::Healthy; }
};

QString toString(HealthSample::Status status);

} // namespace gpufailover
