#include "isolated_settings.h"
#include "kubeconfig_sources.h"
#include "kubeconfig_store.h"
#include "main_window.h"
#include "palette_colors.h"
#include "test_cluster.h"

#include <QApplication>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QStackedWidget>
#include <QStyle>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTest>

using namespace kubestrap;
using kubestrap::test::TestCluster;

namespace {

// A dark theme as desktop environments give one: light text on near-black.
QPalette darkPalette()
{
    QPalette dark;
    const QColor window(0x2d, 0x2d, 0x2d), base(0x1e, 0x1e, 0x1e), text(0xee, 0xee, 0xee);
    dark.setColor(QPalette::Window, window);
    dark.setColor(QPalette::WindowText, text);
    dark.setColor(QPalette::Base, base);
    dark.setColor(QPalette::AlternateBase, window);
    dark.setColor(QPalette::Text, text);
    dark.setColor(QPalette::Button, window);
    dark.setColor(QPalette::ButtonText, text);
    dark.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x3c, 0x3c));
    dark.setColor(QPalette::ToolTipText, text);
    dark.setColor(QPalette::Highlight, QColor(0x35, 0x84, 0xe4));
    dark.setColor(QPalette::HighlightedText, Qt::white);
    dark.setColor(QPalette::PlaceholderText, QColor(0x99, 0x99, 0x99));
    return dark;
}

} // namespace

// The window in a dark theme at twice the pixel density: every panel drawn at full resolution,
// no text a colour of our own choosing that the theme makes unreadable.
class TestAppearance : public QObject {
    Q_OBJECT

private:
    test::IsolatedSettings settings;

private Q_SLOTS:
    void contrastIsMeasuredAsWcagDoes()
    {
        QCOMPARE(qRound(contrastRatio(Qt::black, Qt::white)), 21);
        QCOMPARE(contrastRatio(Qt::gray, Qt::gray), 1.0);
    }

    void warningsReadInLightAndDarkThemes()
    {
        const QPalette light = QStyleFactory::create(QStringLiteral("Fusion"))->standardPalette();
        for (const QPalette &palette : {light, darkPalette()}) {
            const QColor warning = warningTextColor(palette);
            QVERIFY2(contrastRatio(warning, palette.color(QPalette::Window)) >= 4.5,
                     qPrintable(warning.name()));
            QVERIFY2(contrastRatio(warning, palette.color(QPalette::Base)) >= 4.5,
                     qPrintable(warning.name()));
        }
        QVERIFY(warningTextColor(light) != warningTextColor(darkPalette()));
    }

    void everyPanelIsDrawnSharpAndReadableInTheDark()
    {
        QString error;
        auto cluster = TestCluster::start(QStringLiteral(KUBESTRAP_SANDBOX), &error,
                                          {QStringLiteral("--demo")});
        QVERIFY2(cluster, qPrintable(error));
        KubeconfigStore kubeconfigs(
            KubeconfigSources::resolve(cluster->adminKubeconfig(), {}, QDir::tempPath()));
        MainWindow window(&kubeconfigs);
        window.resize(1000, 640);
        window.show();
        QTemporaryDir shots;
        const QString dir = qEnvironmentVariable("KUBESTRAP_SCREENSHOT_DIR", shots.path());
        bool done = false;
        window.saveScreenshots(dir + QStringLiteral("/dark"), [&](const QString &problem) {
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, 45000);
        const QStringList panels =
            QDir(dir + QStringLiteral("/dark")).entryList({QStringLiteral("*.png")});
        // Every panel of the navigation.
        QCOMPARE(panels.size(),
                 window.findChild<QStackedWidget *>(QStringLiteral("panels"))->count());
        QVERIFY(panels.contains(QStringLiteral("hygiene.png")));
        for (const QString &name : panels) {
            const QImage shot(dir + QStringLiteral("/dark/") + name);
            // Drawn for the screen's density, not scaled up from a blurry 1x picture.
            QCOMPARE(shot.size(), window.size() * 2);
            // Mostly dark: the panel follows the theme instead of painting its own white.
            const QRgb middle = shot.pixel(shot.width() / 2, shot.height() - 60);
            QVERIFY2(qGray(middle) < 128, qPrintable(name));
        }
        for (const QLabel *label : window.findChildren<QLabel *>()) {
            const QPalette &palette = label->palette();
            const double contrast = contrastRatio(palette.color(label->foregroundRole()),
                                                  palette.color(label->backgroundRole()));
            QVERIFY2(contrast >= 4.5,
                     qPrintable(label->objectName() + QLatin1Char(' ') + label->text().left(40)));
        }
    }
};

int main(int argc, char **argv)
{
    // Twice the density, as on a 4K laptop screen; set before the application reads it.
    qputenv("QT_SCALE_FACTOR", "2");
    QApplication app(argc, argv);
    QApplication::setStyle(QStringLiteral("Fusion"));
    QApplication::setPalette(darkPalette());
    TestAppearance test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_appearance.moc"
