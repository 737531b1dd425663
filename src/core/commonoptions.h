#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>
#include <QUrl>

namespace gpufailover {

// The options every program shares, so tests can point any of them at temporary
// directories and at a simulator.
struct CommonOptions
{
    QString configDir;
    QString dataDir;
    QUrl vastUrl; // empty = from settings
    QUrl gcpUrl;
    int apiPort = -1; // -1 = from settings

    static void addTo(QCommandLineParser &parser);
    // Reads them back after parser.process(); errors (bad port, bad URL) go to *error.
    static CommonOptions from(const QCommandLineParser &parser, QString *error);

    static QString defaultConfigDir();
    static QString defaultDataDir();
};

// True when argv asks only for --help or --version, so a GUI program can answer without a display.
bool wantsHelpOrVersion(int argc, char **argv);

} // namespace gpufailover
