#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace gpufailover {

// How protected a pool is, in one colour and, because colour alone says nothing to many people,
// in words: what is wrong and what the app is doing about it.
struct Protection
{
    Q_DECLARE_TR_FUNCTIONS(Protection)
public:
    enum class Level { Green, Amber, Red };
    Level level = Level::Red;
    QString headline; // "Protected", "Attention", "At risk"
    QString reason;

    // From one pool's status as the API reports it (GET /api/pools).
    static Protection of(const QJsonObject &pool);
    // The worst of several, for the tray icon.
    static Level worst(const QList<Protection> &all);
    static QString headlineOf(Level level);
    static QString stateName(const QString &state); // the API's state, for people
};

// Figures for people: "42 s", "7 min", "3 h 5 min", "2 d 4 h"; "$1.23".
struct Format
{
    Q_DECLARE_TR_FUNCTIONS(Format)
public:
    static QString duration(double seconds);
    static QString dollars(double amount);
};

} // namespace gpufailover
