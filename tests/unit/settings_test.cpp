#include "core/pooldefaults.h"
#include "core/settings.h"

#include "support/testutil.h"

#include <QSettings>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace gpufailover;
using gpufailover::test::readAll;
using gpufailover::test::writeFile;

namespace {
struct SettingsTest : ::testing::Test
{
    QTemporaryDir dir;
    QProcessEnvironment env;
    Settings make() { return Settings(dir.path(), env); }
};
} // namespace

TEST_F(SettingsTest, DefaultsFollowTheSeedDesign)
{
    Settings s = make();
    EXPECT_TRUE(s.load().isEmpty());
    EXPECT_TRUE(s.value(keys::WarmPoolEnabled));
    EXPECT_EQ(s.value(keys::WarmPoolMinGpus), 2);
    EXPECT_EQ(s.value(keys::HealthIntervalS), 10);
    EXPECT_EQ(s.value(keys::HealthFailureThreshold), 3);
    EXPECT_EQ(s.value(keys::CpuSyncIntervalS), 30);
    EXPECT_EQ(s.source(*keys::HealthIntervalS.spec), QStringLiteral("default"));
}

TEST_F(SettingsTest, SaveAndLoadRoundTripWithSchemaVersion)
{
    Settings a = make();
    a.load();
    ASSERT_TRUE(a.setValue(keys::HealthIntervalS, 2).ok());
    ASSERT_TRUE(
        a.setValue(keys::WarmPoolPreferredGpus, QStringList { QStringLiteral("H100 SXM"), QStringLiteral("A100 SXM4") })
            .ok());
    ASSERT_TRUE(a.setValue(keys::WarmPoolAutoProvision, false).ok());
    ASSERT_TRUE(a.save().ok());

    Settings b = make();
    EXPECT_TRUE(b.load().isEmpty());
    EXPECT_EQ(b.loadedSchemaVersion(), Settings::kSchemaVersion);
    EXPECT_EQ(b.value(keys::HealthIntervalS), 2);
    EXPECT_EQ(b.value(keys::WarmPoolPreferredGpus),
        (QStringList { QStringLiteral("H100 SXM"), QStringLiteral("A100 SXM4") }));
    EXPECT_FALSE(b.value(keys::WarmPoolAutoProvision));
    EXPECT_EQ(b.source(*keys::HealthIntervalS.spec), QStringLiteral("file"));
    // Atomic save leaves no temporary files behind.
    EXPECT_EQ(
        QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList { QStringLiteral("gpufailover.ini") });
}

TEST_F(SettingsTest, EnvironmentBeatsDotEnvBeatsFileAndIsNeverSaved)
{
    {
        Settings s = make();
        s.load();
        ASSERT_TRUE(s.setValue(keys::HealthIntervalS, 20).ok());
        ASSERT_TRUE(s.setValue(keys::WarmPoolMinGpus, 3).ok());
        ASSERT_TRUE(s.save().ok());
    }
    writeFile(dir.filePath(QStringLiteral(".env")),
        "# comment\nWARM_POOL_HEALTH_CHECK_INTERVAL=7\nexport WARM_POOL_MIN_GPUS=\"4\"\nWARM_POOL_PREFERRED_GPUS='RTX "
        "4090, H100 SXM'\n");
    env.insert(QStringLiteral("WARM_POOL_HEALTH_CHECK_INTERVAL"), QStringLiteral("1"));
    env.insert(QStringLiteral("WARM_POOL_ENABLED"), QStringLiteral("false"));

    Settings s = make();
    EXPECT_TRUE(s.load().isEmpty());
    EXPECT_EQ(s.value(keys::HealthIntervalS), 1);
    EXPECT_EQ(s.source(*keys::HealthIntervalS.spec), QStringLiteral("environment"));
    EXPECT_EQ(s.value(keys::WarmPoolMinGpus), 4);
    EXPECT_EQ(s.source(*keys::WarmPoolMinGpus.spec), QStringLiteral(".env"));
    EXPECT_EQ(
        s.value(keys::WarmPoolPreferredGpus), (QStringList { QStringLiteral("RTX 4090"), QStringLiteral("H100 SXM") }));
    EXPECT_FALSE(s.value(keys::WarmPoolEnabled));

    ASSERT_TRUE(s.save().ok());
    QSettings ini(s.filePath(), QSettings::IniFormat);
    EXPECT_EQ(ini.value(QStringLiteral("health/intervalS")).toInt(), 20);
    EXPECT_EQ(ini.value(QStringLiteral("warmPool/minGpus")).toInt(), 3);
    EXPECT_FALSE(ini.contains(QStringLiteral("warmPool/enabled")));
}

TEST_F(SettingsTest, BadValuesAreReportedAndIgnored)
{
    writeFile(dir.filePath(QStringLiteral("gpufailover.ini")),
        "[meta]\nschemaVersion=2\n[health]\nintervalS=0\nfailureThreshold=abc\n[warmPool]\nminGpus=3\n");
    env.insert(QStringLiteral("WARM_POOL_ENABLED"), QStringLiteral("perhaps"));
    Settings s = make();
    const QStringList problems = s.load();
    ASSERT_EQ(problems.size(), 3) << problems.join(u'\n').toStdString();
    EXPECT_TRUE(problems.join(u'\n').contains(QStringLiteral("health/intervalS: 0 is outside 1..3600")));
    EXPECT_TRUE(problems.join(u'\n').contains(QStringLiteral("WARM_POOL_ENABLED")));
    EXPECT_EQ(s.value(keys::HealthIntervalS), 10);
    EXPECT_EQ(s.value(keys::HealthFailureThreshold), 3);
    EXPECT_TRUE(s.value(keys::WarmPoolEnabled));
    EXPECT_EQ(s.value(keys::WarmPoolMinGpus), 3);
}

TEST_F(SettingsTest, SetRejectsWrongTypeAndRangeWithoutChangingAnything)
{
    Settings s = make();
    s.load();
    const auto tooBig = s.setVariant(*keys::HealthIntervalS.spec, 100000);
    ASSERT_FALSE(tooBig.ok());
    EXPECT_EQ(tooBig.error().code, QStringLiteral("out_of_range"));
    const auto wrongType = s.setVariant(*keys::WarmPoolEnabled.spec, QStringLiteral("yes"));
    ASSERT_FALSE(wrongType.ok());
    EXPECT_EQ(wrongType.error().code, QStringLiteral("invalid_type"));
    const auto mixedList
        = s.setVariant(*keys::WarmPoolPreferredGpus.spec, QVariantList { QStringLiteral("RTX 4090"), 3 });
    ASSERT_FALSE(mixedList.ok());
    ASSERT_TRUE(s.setVariant(*keys::WarmPoolPreferredGpus.spec, QVariantList { QStringLiteral("H100 SXM") }).ok());
    EXPECT_EQ(s.value(keys::WarmPoolPreferredGpus), QStringList { QStringLiteral("H100 SXM") });
    const auto fraction = s.setVariant(*keys::HealthIntervalS.spec, 2.5);
    ASSERT_FALSE(fraction.ok());
    EXPECT_EQ(s.value(keys::HealthIntervalS), 10);
    EXPECT_EQ(s.value(keys::WarmPoolEnabled), true);
}

TEST_F(SettingsTest, MigratesTheSeedsFlatLayout)
{
    // Schema 1: no version, one flat key per environment variable of the original design.
    writeFile(dir.filePath(QStringLiteral("gpufailover.ini")),
        "[General]\nwarm_pool_enabled=false\nwarm_pool_min_gpus=4\nwarm_pool_health_check_interval=15\n"
        "warm_pool_preferred_gpus=\"A100 SXM4,RTX 3090\"\n");
    Settings s = make();
    EXPECT_TRUE(s.load().isEmpty());
    EXPECT_EQ(s.loadedSchemaVersion(), 1);
    EXPECT_FALSE(s.value(keys::WarmPoolEnabled));
    EXPECT_EQ(s.value(keys::WarmPoolMinGpus), 4);
    EXPECT_EQ(s.value(keys::HealthIntervalS), 15);
    EXPECT_EQ(s.value(keys::WarmPoolPreferredGpus),
        (QStringList { QStringLiteral("A100 SXM4"), QStringLiteral("RTX 3090") }));

    ASSERT_TRUE(s.save().ok());
    const QByteArray saved = readAll(s.filePath());
    EXPECT_FALSE(saved.contains("warm_pool_min_gpus"));
    EXPECT_TRUE(saved.contains("schemaVersion=2"));
}

TEST_F(SettingsTest, ChangedIsEmittedOnlyForRealChanges)
{
    Settings s = make();
    s.load();
    QStringList changed;
    QObject ctx;
    QObject::connect(&s, &Settings::changed, &ctx, [&](const QString &n) { changed << n; });
    ASSERT_TRUE(s.setValue(keys::FenceDeadlineS, 30).ok());
    ASSERT_TRUE(s.setValue(keys::FenceDeadlineS, 30).ok());
    EXPECT_EQ(changed, QStringList { QStringLiteral("failover/fenceDeadlineS") });
}

TEST(SettingRegistry, EveryKeyHasAValidDefaultAndAUniqueName)
{
    QSet<QString> names;
    for (const SettingSpec *spec : settingRegistry()) {
        EXPECT_FALSE(names.contains(spec->name)) << spec->name.toStdString();
        names.insert(spec->name);
        EXPECT_TRUE(Settings::validate(*spec, spec->defaultValue).ok()) << spec->name.toStdString();
        EXPECT_EQ(findSetting(spec->name), spec);
    }
    EXPECT_EQ(findSetting(QStringLiteral("no/such")), nullptr);
}

// The original design's WARM_POOL_* settings are what a new pool starts from (the
// RTX_4090 spelling included); a request's own fields win, field by field.
TEST_F(SettingsTest, TheDesignsWarmPoolSettingsAreTheDefaultsOfNewPools)
{
    {
        Settings s = make();
        s.load();
        ASSERT_TRUE(s.setValue(keys::FailoverCooldownS, 600).ok());
        ASSERT_TRUE(s.setValue(keys::OfflineGraceS, 45).ok());
        ASSERT_TRUE(s.save().ok());
    }
    env.insert(QStringLiteral("WARM_POOL_PREFERRED_GPUS"), QStringLiteral("RTX_4090,A100_SXM4, RTX 4090"));
    env.insert(QStringLiteral("WARM_POOL_MIN_GPUS"), QStringLiteral("3"));
    env.insert(QStringLiteral("WARM_POOL_VOLUME_SIZE_GB"), QStringLiteral("120"));
    env.insert(QStringLiteral("WARM_POOL_AUTO_PROVISION"), QStringLiteral("false"));
    env.insert(QStringLiteral("WARM_POOL_FALLBACK_TO_CPU"), QStringLiteral("false"));
    env.insert(QStringLiteral("WARM_POOL_HEALTH_CHECK_INTERVAL"), QStringLiteral("7"));
    env.insert(QStringLiteral("WARM_POOL_ENABLED"), QStringLiteral("false"));
    Settings s = make();
    EXPECT_TRUE(s.load().isEmpty());

    const PoolConfig d = poolDefaultsFrom(s);
    EXPECT_EQ(d.gpuNames, (QStringList { QStringLiteral("RTX 4090"), QStringLiteral("A100 SXM4") }));
    EXPECT_EQ(d.minGpus, 3);
    EXPECT_EQ(d.volumeSizeGb, 120);
    EXPECT_FALSE(d.autoProvisionStandby);
    EXPECT_FALSE(d.fallbackToCpuStandby);
    EXPECT_FALSE(d.warmPoolEnabled);
    EXPECT_EQ(d.healthIntervalMs, 7000);
    EXPECT_EQ(d.cooldownMs, 600000);
    EXPECT_EQ(d.maxFailoversPerHour, s.value(keys::MaxFailoversPerHour));

    const PoolConfig c = PoolConfig::fromJson(
        QJsonObject { { QStringLiteral("id"), QStringLiteral("mine") }, { QStringLiteral("min_gpus"), 2 } }, d);
    EXPECT_EQ(c.id, QStringLiteral("mine"));
    EXPECT_EQ(c.minGpus, 2);
    EXPECT_EQ(c.volumeSizeGb, 120);
    EXPECT_EQ(c.gpuNames, d.gpuNames);
    EXPECT_EQ(c.healthIntervalMs, 7000);

    // How long a host reported offline is given before it counts as lost: the setting's for a new
    // pool, then the pool's own, kept across a save (the file is read back at the next start).
    EXPECT_EQ(c.offlineGraceMs, 45000);
    const PoolConfig quick = PoolConfig::fromJson(
        QJsonObject { { QStringLiteral("id"), QStringLiteral("q") }, { QStringLiteral("offline_grace_ms"), 30000 } },
        d);
    EXPECT_EQ(quick.offlineGraceMs, 30000);
    EXPECT_EQ(PoolConfig::fromJson(quick.toJson(), PoolConfig {}).offlineGraceMs, 30000);
    // The warm pool's switch is the pool's own once created: saved and read back with it.
    EXPECT_FALSE(c.warmPoolEnabled);
    PoolConfig on = c;
    on.warmPoolEnabled = true;
    EXPECT_TRUE(PoolConfig::fromJson(on.toJson(), d).warmPoolEnabled);
}
