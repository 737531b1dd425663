#include "core/numbers.h"
#include "providers/vastjson.h"

#include "support/testutil.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace gpufailover;
using namespace gpufailover::vast;

namespace {
QByteArray fixture(const char *name)
{
    return test::readAll(QStringLiteral(GPF_TESTS_DIR "/data/") + QString::fromLatin1(name));
}

QJsonObject offer(qint64 id, qint64 machine, int gpus, double dphBase, const char *gpu = "RTX 4090")
{
    return { { QStringLiteral("id"), double(id) }, { QStringLiteral("machine_id"), double(machine) },
        { QStringLiteral("num_gpus"), gpus }, { QStringLiteral("gpu_name"), QString::fromLatin1(gpu) },
        { QStringLiteral("dph_base"), dphBase }, { QStringLiteral("dph_total"), dphBase + 0.01 },
        { QStringLiteral("reliability"), 0.99 }, { QStringLiteral("verified"), true },
        { QStringLiteral("rentable"), true }, { QStringLiteral("rented"), false } };
}

QByteArray offersBody(const QJsonArray &a)
{
    return QJsonDocument(QJsonObject { { QStringLiteral("offers"), a } }).toJson(QJsonDocument::Compact);
}
} // namespace

TEST(VastJson, ParsesTheDocumentedOffer)
{
    const auto offers = parseOffers(fixture("vast_offer_example.json"));
    ASSERT_TRUE(offers.ok()) << offers.error().message.toStdString();
    ASSERT_EQ(offers->size(), 1);
    const GpuOffer &o = offers->first();
    EXPECT_EQ(o.id, 12345678);
    EXPECT_EQ(o.machineId, 36683);
    EXPECT_EQ(o.numGpus, 1);
    EXPECT_EQ(o.gpuName, QStringLiteral("RTX 4090"));
    EXPECT_DOUBLE_EQ(o.dphTotal, 0.3104);
    EXPECT_DOUBLE_EQ(o.dphBase, 0.30);
    EXPECT_DOUBLE_EQ(o.storageCost, 0.15);
    EXPECT_TRUE(o.verified);
    EXPECT_EQ(o.volumeOfferId, 333333);
    EXPECT_EQ(o.computeCap, 890);
    EXPECT_DOUBLE_EQ(o.inetUpCostPerGb, 0.005);
}

TEST(VastJson, ParsesTheDocumentedInstanceWithItsQuirks)
{
    const auto shown = parseShowInstance(fixture("vast_instance_example.json"));
    ASSERT_TRUE(shown.ok()) << shown.error().message.toStdString();
    ASSERT_TRUE(shown->has_value());
    const CloudInstance &i = **shown;
    EXPECT_EQ(i.id, 312);
    EXPECT_EQ(i.machineId, 12);
    EXPECT_EQ(i.label, QStringLiteral("ft-job-1"));
    EXPECT_EQ(i.actualStatus, QStringLiteral("running"));
    EXPECT_EQ(i.publicIp, QStringLiteral("192.0.2.45")); // trailing newline trimmed
    ASSERT_TRUE(i.ssh.has_value());
    EXPECT_EQ(i.ssh->host, QStringLiteral("192.0.2.45"));
    EXPECT_EQ(i.ssh->port, 20000); // HostPort is a string on the wire
    EXPECT_TRUE(i.ssh->direct);
    EXPECT_EQ(i.volumeIds, QList<qint64> { 881 });
    EXPECT_EQ(i.startDate, 1668804745);
}

TEST(VastJson, ShowOfADestroyedInstanceIsNull)
{
    const auto shown = parseShowInstance(R"({"instances": null})");
    ASSERT_TRUE(shown.ok());
    EXPECT_FALSE(shown->has_value());
    EXPECT_FALSE(parseShowInstance(R"({"instances": []})")->has_value());
    const auto missing = parseShowInstance(R"({"success": true})");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, QStringLiteral("bad_response"));
}

TEST(VastJson, SshFallsBackToTheProxyAndAddsOneForJupyter)
{
    QJsonObject o { { QStringLiteral("public_ipaddr"), QStringLiteral("192.0.2.45\n") },
        { QStringLiteral("ports"), QJsonValue() }, { QStringLiteral("ssh_host"), QStringLiteral("ssh5.vast.ai") },
        { QStringLiteral("ssh_port"), 10600 },
        { QStringLiteral("image_runtype"), QStringLiteral("ssh ssh_direc ssh_proxy") } };
    auto e = sshEndpoint(o);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->host, QStringLiteral("ssh5.vast.ai"));
    EXPECT_EQ(e->port, 10600);
    EXPECT_FALSE(e->direct);
    o.insert(QStringLiteral("image_runtype"), QStringLiteral("jupyter_direc ssh_direc ssh_proxy"));
    EXPECT_EQ(sshEndpoint(o)->port, 10601);
    // Ports and ssh_port are null until the instance runs.
    o.insert(QStringLiteral("ssh_port"), QJsonValue());
    EXPECT_FALSE(sshEndpoint(o).has_value());
}

TEST(VastJson, ErrorBodiesInEveryShapeTheApiUses)
{
    auto e = parseErrorBody(R"({"success":false,"error":"no_such_ask","msg":"gone","ask_id":5})");
    EXPECT_EQ(e.error, QStringLiteral("no_such_ask"));
    EXPECT_EQ(e.message, QStringLiteral("gone"));
    e = parseErrorBody(R"({"detail":"API requests too frequent endpoint threshold=4.5"})");
    EXPECT_EQ(e.message, QStringLiteral("API requests too frequent endpoint threshold=4.5"));
    e = parseErrorBody("API requests too frequent: endpoint threshold=2.0");
    EXPECT_EQ(e.message, QStringLiteral("API requests too frequent: endpoint threshold=2.0"));
    e = parseErrorBody(R"({"msg":"error 404/3603: no_such_ask Instance type by id 1234567 is not available."})");
    EXPECT_EQ(e.error, QStringLiteral("no_such_ask"));
    e = parseErrorBody(R"({"success":false,"error":"invalid_price","msg":"low","new_contract":777})");
    EXPECT_EQ(e.newContract, 777);
    e = parseErrorBody(QByteArray(100000, 'x'));
    EXPECT_LE(e.message.size(), 300);
}

TEST(VastJson, MalformedAndWronglyTypedInputGivesClearErrors)
{
    auto r = parseOffers("{\"offers\": [ {\"id\": 1,");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, QStringLiteral("bad_response"));
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("malformed JSON"))) << r.error().message.toStdString();
    EXPECT_FALSE(parseOffers("[1,2,3]").ok());
    EXPECT_FALSE(parseOffers(R"({"offers": "none"})").ok());
    EXPECT_FALSE(parseOffers("").ok());
    EXPECT_FALSE(parseOffers(QByteArray("\xff\xfe\x00garbage", 10)).ok());
    EXPECT_FALSE(parseInstancePage(R"({"instances": 12})").ok());
    EXPECT_FALSE(parseAccount(R"({"id": 1})").ok());
}

TEST(VastJson, BadRowsAreDroppedAndCountedNotFatal)
{
    QJsonArray a;
    a.append(offer(1, 100, 2, 0.5));
    a.append(
        QJsonObject { { QStringLiteral("id"), QStringLiteral("not a number") }, { QStringLiteral("machine_id"), 5 } });
    a.append(QJsonObject { { QStringLiteral("id"), 3 }, { QStringLiteral("num_gpus"), 1 },
        { QStringLiteral("dph_total"), 1 } }); // no machine
    a.append(42);
    QJsonObject wrongType = offer(4, 101, 1, 0.3);
    wrongType.insert(QStringLiteral("num_gpus"), QStringLiteral("two"));
    a.append(wrongType);
    QJsonObject stringy = offer(5, 102, 1, 0.3);
    stringy.insert(QStringLiteral("dph_total"), QStringLiteral("0.31")); // numbers as strings are accepted
    a.append(stringy);
    ParseReport report;
    const auto r = parseOffers(offersBody(a), &report);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->size(), 2);
    EXPECT_EQ(r->at(1).dphTotal, 0.31);
    EXPECT_EQ(report.dropped, 4);
    EXPECT_FALSE(report.problems.isEmpty());
}

TEST(VastJson, FiveMegabyteBodiesParseOrFailCleanly)
{
    QJsonArray a;
    for (int i = 0; i < 4000; ++i) {
        QJsonObject o = offer(i + 1, 1000 + i / 4, 1 + i % 4, 0.2 + 0.001 * i);
        o.insert(QStringLiteral("padding"), QString(1200, QLatin1Char('p')));
        a.append(o);
    }
    const QByteArray big = offersBody(a);
    ASSERT_GT(big.size(), 5 * 1000 * 1000);
    const auto ok = parseOffers(big);
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok->size(), 4000);
    QByteArray truncated = big.left(5 * 1000 * 1000);
    const auto bad = parseOffers(truncated);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, QStringLiteral("bad_response"));
    const auto garbage = parseOffers(QByteArray(5 * 1024 * 1024, '{'));
    ASSERT_FALSE(garbage.ok());
}

TEST(VastJson, GroupsOffersByMachine)
{
    QList<GpuOffer> offers;
    for (const QJsonObject &o : { offer(1, 7, 1, 0.40), offer(2, 7, 2, 0.80), offer(3, 7, 4, 1.50),
             offer(4, 9, 1, 0.20), offer(5, 11, 2, 0.70, "RTX 3090") })
        offers.append(*offerFromJson(o));
    const QList<HostGroup> hosts = groupByMachine(offers);
    ASSERT_EQ(hosts.size(), 3);
    EXPECT_EQ(hosts[0].machineId, 9); // cheapest per GPU first
    EXPECT_EQ(hosts[1].machineId, 11); // 0.35/GPU
    EXPECT_EQ(hosts[2].machineId, 7);
    EXPECT_EQ(hosts[2].freeGpus, 4);
    EXPECT_DOUBLE_EQ(hosts[2].pricePerGpuHour, 0.375);
    EXPECT_EQ(hosts[2].offers.first().id, 1); // cheapest bundle first
}

TEST(VastJson, QueryWritesTheCliDefaultsAndRechecksLocally)
{
    OfferQuery q;
    q.gpuNames = { QStringLiteral("RTX 4090") };
    q.minGpus = 2;
    q.maxDphTotal = 1.0;
    q.minReliability = 0.98;
    const QJsonObject j = q.toJson();
    EXPECT_EQ(j.value(QStringLiteral("verified")).toObject().value(QStringLiteral("eq")).toBool(), true);
    EXPECT_EQ(j.value(QStringLiteral("external")).toObject().value(QStringLiteral("eq")).toBool(), false);
    EXPECT_EQ(j.value(QStringLiteral("rentable")).toObject().value(QStringLiteral("eq")).toBool(), true);
    EXPECT_EQ(j.value(QStringLiteral("rented")).toObject().value(QStringLiteral("eq")).toBool(), false);
    EXPECT_EQ(j.value(QStringLiteral("allocated_storage")).toInt(), 5);
    EXPECT_EQ(j.value(QStringLiteral("type")).toString(), QStringLiteral("on-demand"));
    EXPECT_EQ(j.value(QStringLiteral("num_gpus")).toObject().value(QStringLiteral("gte")).toInt(), 2);
    EXPECT_FALSE(j.contains(QStringLiteral("q"))); // flat, no wrapper

    GpuOffer o = *offerFromJson(offer(1, 7, 2, 0.5));
    EXPECT_TRUE(q.matches(o));
    o.gpuName = QStringLiteral("RTX 3090");
    EXPECT_FALSE(q.matches(o));
    o = *offerFromJson(offer(1, 7, 1, 0.5));
    EXPECT_FALSE(q.matches(o)); // server returned a 1-GPU offer despite num_gpus >= 2
    o = *offerFromJson(offer(1, 7, 2, 1.5));
    EXPECT_FALSE(q.matches(o)); // over the price cap
    q.verified = false; // not required, rather than "unverified only"
    EXPECT_FALSE(q.toJson().contains(QStringLiteral("verified")));
    o = *offerFromJson(offer(1, 7, 2, 0.5));
    o.verified = false;
    EXPECT_TRUE(q.matches(o));
    q.excludeMachines = { 7 };
    EXPECT_EQ(
        q.toJson().value(QStringLiteral("machine_id")).toObject().value(QStringLiteral("notin")).toArray().size(), 1);
}

namespace {
void expectSameOffers(const QByteArray &body)
{
    ParseReport fastReport, domReport;
    const auto fast = parseOffers(body, &fastReport);
    const auto dom = parseOffersDom(body, &domReport);
    ASSERT_EQ(fast.ok(), dom.ok()) << body.left(200).toStdString();
    if (!fast.ok())
        return;
    EXPECT_EQ(fastReport.dropped, domReport.dropped);
    ASSERT_EQ(fast->size(), dom->size());
    for (qsizetype i = 0; i < fast->size(); ++i) {
        const GpuOffer &a = fast->at(i), &b = dom->at(i);
        EXPECT_EQ(a.id, b.id);
        EXPECT_EQ(a.machineId, b.machineId);
        EXPECT_EQ(a.hostId, b.hostId);
        EXPECT_EQ(a.numGpus, b.numGpus);
        EXPECT_EQ(a.gpuName, b.gpuName);
        EXPECT_EQ(a.gpuRamMb, b.gpuRamMb);
        EXPECT_DOUBLE_EQ(a.dphBase, b.dphBase);
        EXPECT_DOUBLE_EQ(a.dphTotal, b.dphTotal);
        EXPECT_DOUBLE_EQ(a.storageCost, b.storageCost);
        EXPECT_DOUBLE_EQ(a.minBid, b.minBid);
        EXPECT_DOUBLE_EQ(a.reliability, b.reliability);
        EXPECT_EQ(a.verified, b.verified);
        EXPECT_EQ(a.rentable, b.rentable);
        EXPECT_EQ(a.rented, b.rented);
        EXPECT_EQ(a.geolocation, b.geolocation);
        EXPECT_DOUBLE_EQ(a.diskSpaceGb, b.diskSpaceGb);
        EXPECT_DOUBLE_EQ(a.inetUpCostPerGb, b.inetUpCostPerGb);
        EXPECT_DOUBLE_EQ(a.cudaMaxGood, b.cudaMaxGood);
        EXPECT_EQ(a.computeCap, b.computeCap);
        EXPECT_EQ(a.endDate, b.endDate);
        EXPECT_EQ(a.volumeOfferId, b.volumeOfferId);
        EXPECT_DOUBLE_EQ(a.score, b.score);
    }
}
} // namespace

TEST(VastJsonFastPath, AgreesWithQtsParserOnTheDocumentedOffer)
{
    expectSameOffers(fixture("vast_offer_example.json"));
}

TEST(VastJsonFastPath, AgreesWithQtsParserOnEscapesNestingAndOddTypes)
{
    const QByteArray tricky = R"( { "success" : true , "offers" : [
        {"id": 1, "machine_id": 2, "num_gpus": 1, "dph_total": "0.25", "gpu_name": "RTX \u00e9\ud83d\ude80 4090\n",
         "geolocation": "Quebec, CA \"north\"", "nested": {"a": [1, {"b": null}], "c": "}]"}, "verified": 1,
         "rentable": false, "reliability": null, "search": {"totalHour": 0.3}, "end_date": 1.8934560e9},
        42,
        {"id": 3.5, "machine_id": 2, "num_gpus": 1, "dph_total": 1},
        {"id": 4, "machine_id": 2, "num_gpus": true, "dph_total": 1, "gpu_name": 7},
        {"id": 5, "machine_id": 9, "num_gpus": 2, "dph_total": 0.5, "verification": "verified", "host_id": -3}
      ], "extra": [[], {}, "x"] }  )";
    expectSameOffers(tricky);
    const auto r = parseOffers(tricky);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->size(), 3);
    EXPECT_EQ(r->at(0).gpuName, QString::fromUtf8("RTX é🚀 4090"));
    EXPECT_TRUE(r->at(2).verified);
}

TEST(VastJsonFastPath, FallsBackOnWhatItDoesNotHandleAndStillReportsErrors)
{
    // An escaped key, a document without offers, trailing bytes, truncation, bad escapes.
    expectSameOffers(R"({"off\u0065rs": [{"id": 1, "machine_id": 2, "num_gpus": 1, "dph_total": 1}]})");
    EXPECT_EQ(
        parseOffers(R"({"off\u0065rs": [{"id": 1, "machine_id": 2, "num_gpus": 1, "dph_total": 1}]})")->size(), 1);
    for (const QByteArray &bad : { QByteArray(R"({"success": true})"), QByteArray(R"({"offers": []} trailing)"),
             QByteArray(R"({"offers": [{"id": 1,)"), QByteArray(R"({"offers": [{"gpu_name": "\x"}]})"),
             QByteArray(R"({"offers": [{"gpu_name": "\ud800"}]})"), QByteArray(R"({"offers": [01]})"),
             QByteArray(200, '[') }) {
        const auto fast = parseOffers(bad);
        const auto dom = parseOffersDom(bad);
        EXPECT_EQ(fast.ok(), dom.ok()) << bad.toStdString();
        if (!fast.ok()) {
            EXPECT_EQ(fast.error().code, QStringLiteral("bad_response"));
        }
    }
}

// Found by the fuzzer: numbers beyond an integer field's range (or NaN) were converted with a
// plain cast, which is undefined behaviour. They saturate now.
TEST(VastJson, NumbersBeyondTheirFieldSaturateInsteadOfOverflowing)
{
    EXPECT_EQ(saturatingCast<int>(1.83333e34), std::numeric_limits<int>::max());
    EXPECT_EQ(saturatingCast<int>(-1e300), std::numeric_limits<int>::min());
    EXPECT_EQ(saturatingCast<qint64>(1e300), std::numeric_limits<qint64>::max());
    EXPECT_EQ(saturatingCast<qint64>(std::nan("")), 0);
    EXPECT_EQ(saturatingCast<qint64>(1733000000.0), 1733000000);
    EXPECT_EQ(saturatingCast<int>(-3.9), -3);
    const auto offers = vast::parseOffers(
        R"({"offers":[{"id":1,"machine_id":7,"gpu_name":"RTX 4090","num_gpus":2,"dph_total":0.7,"direct_port_count":1.8e34,"end_date":1e300,"gpu_ram":-1e300}]})");
    ASSERT_TRUE(offers.ok()) << offers.error().message.toStdString();
    ASSERT_EQ(offers->size(), 1);
    EXPECT_EQ(offers->first().directPortCount, std::numeric_limits<int>::max());
    EXPECT_EQ(offers->first().endDate, std::numeric_limits<qint64>::max());
}
