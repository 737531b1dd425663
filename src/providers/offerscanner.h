#pragma once

#include "core/cloudtypes.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <array>
#include <optional>

namespace gpufailover::vast {

struct ParseReport;

// One JSON value of an offer field, as far as offer conversion cares.
struct FieldValue
{
    enum class Type { Absent, Null, Number, String, Bool, Other };
    Type type = Type::Absent;
    double number = 0;
    bool boolean = false;
    QString string;
};

// The offer fields we read, by index; both the DOM and the fast path fill the same bag and
// convert it with one function, so they cannot disagree on semantics.
enum class OfferField {
    Id,
    MachineId,
    HostId,
    NumGpus,
    GpuName,
    GpuRam,
    DphTotal,
    DphBase,
    StorageCost,
    MinBid,
    Reliability,
    Reliability2,
    Verified,
    Verification,
    Rentable,
    Rented,
    Geolocation,
    DiskSpace,
    InetUp,
    InetDown,
    InetUpCost,
    InetDownCost,
    CudaMaxGood,
    ComputeCap,
    DirectPortCount,
    EndDate,
    AvailVolAskId,
    Score,
    Count
};
using OfferFields = std::array<FieldValue, size_t(OfferField::Count)>;

const char *offerFieldName(OfferField f);
std::optional<OfferField> offerFieldFromName(const char *name, qsizetype length);

// Single-pass scanner for a {"offers":[...]} page that fills offer fields without building a
// DOM (Qt's parser alone spends ~55 ms on a 10,000-offer page). Returns nullopt on anything it
// does not fully understand, and the caller then uses QJsonDocument, which reports the error.
std::optional<QList<OfferFields>> scanOfferPage(const QByteArray &body);

} // namespace gpufailover::vast
