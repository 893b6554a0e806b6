// The Study mode (issue 17): a study of the tiny golden model (2 solvers × 2 step counts) runs
// through the job queue; the Study view follows it live, its plots hold exactly the table's
// numbers, its Pareto front is exactly the non-dominated cells, a selected cell shows its grid and
// loads its settings into Generate; the exports are written; the job round-trips through JSON.
// Waits on signals and conditions, never on sleeps.
#include <qcustomplot.h>
#include <QCheckBox>
#include <QDialog>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <set>

#include "engine/jobs.h"
#include "engine/study.h"
#include "generate_panel.h"
#include "generate_settings.h"
#include "job_queue.h"
#include "jobs_controller.h"
#include "jobs_view.h"
#include "model_panel.h"
#include "plot_style.h"
#include "studio_fixture.h"
#include "study_controller.h"
#include "study_dialog.h"
#include "study_view.h"

using namespace sdm;
using namespace sdm::studio;
using namespace sdmtest;
namespace fs = std::filesystem;

namespace {

StudyRequest tinyStudy(const std::string& checkpoint, const std::string& out) {
  StudyRequest r;
  r.axes.checkpoints = {checkpoint};
  r.axes.solvers = {SolverKind::Ddim, SolverKind::DpmSolver};
  r.axes.steps = {2, 3};
  r.axes.thresholds = {1.0};
  r.axes.precisions = {Precision::Exact};
  r.base.n = 6;
  r.base.seed = 5;
  r.base.kid = false;
  r.outDir = out;
  return r;
}

QSet<QRgb> colours(const QImage& image) {
  QSet<QRgb> out;
  for (int y = 0; y < image.height(); y += 3)
    for (int x = 0; x < image.width(); x += 3) out.insert(image.pixel(x, y));
  return out;
}

}  // namespace

class TestStudy : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_tmp.isValid());
    m_tmp.setAutoRemove(!qEnvironmentVariableIsSet("SDM_KEEP_TEST_FILES"));
    m_ckpt = fs::path(m_tmp.path().toStdString()) / "tiny.pt";
    fs::copy_file(golden("tiny_sddpm_ckpt.pt"), m_ckpt);
  }

  void jobSpecRoundTripsThroughJson() {
    StudyJob s;
    s.request = tinyStudy("/a/b.pt", "/x/study");
    s.request.axes.thresholds = {1.0, 0.95};
    s.request.axes.precisions = {Precision::Exact, Precision::Fast};
    s.request.base.solver.eta = 0.5;
    s.request.base.load.weights = WeightsChoice::Ema;
    const nlohmann::json j = JobSpec(s);
    const JobSpec backSpec = j.get<JobSpec>();
    QCOMPARE(jobKindName(backSpec), std::string("study"));
    QCOMPARE(nlohmann::json(backSpec).dump(), j.dump());
    const StudyRequest& back = std::get<StudyJob>(backSpec).request;
    QCOMPARE(back.axes.thresholds, (std::vector<double>{1.0, 0.95}));
    QVERIFY(back.axes.solvers[1] == SolverKind::DpmSolver);
    QVERIFY(back.axes.precisions[1] == Precision::Fast);
    QCOMPARE(back.base.n, 6);
    QCOMPARE(back.base.solver.eta, 0.5);
    QCOMPARE(back.outDir, std::string("/x/study"));
    QCOMPARE(QString::fromStdString(jobTitle(backSpec)),
             QString("study 2 solvers × 2 steps × 2 θ × 2 precisions · N 6"));
  }

  void dialogShowsBadInput() {
    StudyDialog dialog(tinyStudy(m_ckpt.string(), m_tmp.filePath("dialog").toStdString()));
    dialog.show();
    dialog.stepsEdit()->setText("2, x");
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY2(dialog.errorText().contains("'x'"), qPrintable(dialog.errorText()));
    dialog.stepsEdit()->setText("3, 2, 3");
    dialog.thresholdsEdit()->setText("0");
    dialog.accept();
    QVERIFY2(dialog.errorText().contains("IF thresholds"), qPrintable(dialog.errorText()));
    dialog.thresholdsEdit()->setText("1, 0.9");
    dialog.setSolverChecked(SolverKind::Ddim, false);
    dialog.setSolverChecked(SolverKind::DpmSolver, false);
    dialog.accept();
    QVERIFY2(dialog.errorText().contains("solver"), qPrintable(dialog.errorText()));
    dialog.setSolverChecked(SolverKind::DpmSolverPP, true);
    dialog.modelList()->addItem(m_tmp.filePath("missing.pt"));
    dialog.accept();
    QVERIFY2(dialog.errorText().contains("missing.pt"), qPrintable(dialog.errorText()));
    delete dialog.modelList()->takeItem(1);
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(dialog.errorText().isEmpty());
    const StudyRequest r = dialog.request();
    QCOMPARE(r.axes.steps, (std::vector<int>{3, 2}));  // repeats dropped, order kept
    QCOMPARE(r.axes.thresholds, (std::vector<double>{1.0, 0.9}));
    QCOMPARE(r.axes.solvers.size(), std::size_t{1});
    QVERIFY(r.axes.solvers[0] == SolverKind::DpmSolverPP);
    QCOMPARE(r.base.n, 6);
    QCOMPARE(r.base.seed, uint64_t{5});
    QVERIFY(!r.base.kid);
  }

  // A table as a longer study writes it (three axes vary, a skipped cell, a cell without energy,
  // two cells tied on the front), drawn without running anything.
  void viewOfASyntheticTable() {
    nlohmann::json cells = nlohmann::json::array();
    int index = 0;
    for (const char* solver : {"ddim", "dpm-solver"})
      for (int steps : {5, 10, 20})
        for (double th : {1.0, 0.95}) {
          nlohmann::json c = {{"index", index},
                              {"model", 0},
                              {"checkpoint", "/m/a.pt"},
                              {"solver", solver},
                              {"steps", steps},
                              {"threshold", th},
                              {"precision", "exact"},
                              {"status", "done"},
                              // one more evaluation than steps, as Analytic-DPM's last step
                              {"nfe", solver[1] == 'p' ? steps + 1 : steps},
                              {"fd_name", "FD"}};
          c["fd"] = 100.0 / steps + (th < 1 ? 1.0 : 0.0) + (solver[1] == 'p' ? -2.0 : 0.0);
          c["energy_mj_per_image"] = steps * (th < 1 ? 0.9 : 1.0);
          cells.push_back(c);
          ++index;
        }
    cells[1]["status"] = "skipped";  // ddim 5 θ 0.95
    cells[1]["reason"] = "no Gamma file";
    cells[2].erase("energy_mj_per_image");  // ddim 10 θ 1: on the NFE plot only
    // dpm-solver 20 θ 1 ties dpm-solver 20 θ 0.95 exactly: neither dominates the other.
    cells[11]["fd"] = cells[10]["fd"];
    cells[11]["energy_mj_per_image"] = cells[10]["energy_mj_per_image"];
    const nlohmann::json table = {
        {"format", "sdm-study 1"}, {"study", {{"shared", {{"n", 100}}}}}, {"cells", cells}};
    widgets::StudyView view;
    view.resize(1000, 700);
    view.show();
    view.setStudy(m_tmp.filePath("synthetic"), table);
    QCOMPARE(widgets::studyVaryingAxes(table), QStringList({"solver", "steps", "threshold"}));
    QCOMPARE(view.series().size(), 4);
    QCOMPARE(view.series()[1].name, QString("ddim · θ 0.95"));
    QCOMPARE(view.series()[1].points.size(), 2);  // the skipped cell is not drawn
    int points = 0;
    for (const auto& s : view.series()) points += s.points.size();
    QCOMPARE(points, 11);
    QCOMPARE(view.energyPoints().size(), 10);
    // NFE 5 and 6, 10 and 11, 20 and 21: one label each, no two labels overlapping.
    const auto ticker = qSharedPointerDynamicCast<QCPAxisTickerText>(
        view.plot(widgets::StudyView::Plot::FdNfe)->xAxis->ticker());
    QVERIFY(ticker);
    QCOMPARE(ticker->ticks().keys(), QList<double>({5, 10, 20}));
    std::set<int> front;
    for (const auto& p : view.paretoPoints()) front.insert(p.cell);
    // By energy: 7 (4.5 mJ, FD 19), 6 (5, 18), 9 (9, 9), 8 (10, 8), 5 (18, 6), then 10 and 11
    // tied at (20, 3); 0, 3 and 4 are dominated (by 6, 9 and 10), 2 has no energy.
    QCOMPARE(front, (std::set<int>{5, 6, 7, 8, 9, 10, 11}));
    QVERIFY(view.heatTable()->isHidden());
    QVERIFY(view.heatNote()->text().contains("3"));
    view.selectCell(1);
    QVERIFY(view.detailLabel()->text().contains("no Gamma file"));
    widgets::replotAll(&view);
    const QString shot = m_tmp.filePath("study_synthetic.png");
    QVERIFY(view.grab().save(shot));
    qInfo("screenshot: %s", qPrintable(shot));
  }

  void studyRunsAsAJobAndIsShown() {
    auto w = openStudio(1);
    w->resize(1280, 800);
    QVERIFY(loadModel(*w, QString::fromStdString(m_ckpt.string())));
    StudyController* study = w->studyController();
    widgets::StudyView* view = w->studyView();
    // The dialog's defaults come from the loaded model.
    QCOMPARE(study->defaultRequest().axes.checkpoints, (std::vector<std::string>{m_ckpt.string()}));

    const QString out = m_tmp.filePath("study");
    std::vector<int> doneWhenShown;  // the live refreshes: cells scored at each
    connect(study, &StudyController::studyShown, this,
            [&] { doneWhenShown.push_back(widgets::studyDoneCount(view->table())); });
    JobQueue* queue = w->jobsController()->queue();
    const quint64 id = study->launch(tinyStudy(m_ckpt.string(), out.toStdString()));
    QVERIFY(id != 0);
    QCOMPARE(QString::fromStdString(jobTitle(queue->job(id)->spec)),
             QString("study 2 solvers × 2 steps × 1 θ · N 6"));
    QTRY_VERIFY_WITH_TIMEOUT(queue->job(id)->state != JobRecord::State::Queued &&
                                 queue->job(id)->state != JobRecord::State::Running,
                             sdmtest::ms(180000));
    const JobRecord* r = queue->job(id);
    QVERIFY2(r->state == JobRecord::State::Done, qPrintable(r->error));
    QCOMPARE(r->last.step, 4);
    QCOMPARE(r->last.total, 4);
    QCOMPARE(w->jobsController()->currentJob(), id);
    QVERIFY2(w->jobsView()->statusLabel()->text().contains("4 cells scored"),
             qPrintable(w->jobsView()->statusLabel()->text()));
    // The persisted queue's JSON of this very job round-trips.
    QCOMPARE(nlohmann::json(nlohmann::json(r->spec).get<JobSpec>()).dump(),
             nlohmann::json(r->spec).dump());
    QVERIFY(doneWhenShown.size() >= 3);
    QVERIFY(doneWhenShown.front() < 4);  // shown while it ran, then refreshed
    QCOMPARE(doneWhenShown.back(), 4);
    QCOMPARE(view->folder(), out);

    const nlohmann::json table = readStudy(out.toStdString());
    QCOMPARE(view->table(), table);
    const nlohmann::json& cells = table["cells"];
    QCOMPARE(cells.size(), std::size_t{4});
    for (const auto& c : cells) QCOMPARE(c["status"].get<std::string>(), std::string("done"));

    // FD-NFE: one line per solver, every point exactly a cell's (NFE, FD).
    QCOMPARE(view->series().size(), 2);
    QCOMPARE(view->series()[0].name, QString("ddim"));
    QCOMPARE(view->series()[1].name, QString("dpm-solver"));
    int plotted = 0;
    for (int s = 0; s < view->series().size(); ++s) {
      QCPCurve* curve = view->seriesCurve(s);
      QVERIFY(curve);
      QCOMPARE(curve->dataCount(), view->series()[s].points.size());
      for (int i = 0; i < curve->dataCount(); ++i) {
        const nlohmann::json& c = cells[std::size_t(view->series()[s].points[i].cell)];
        QCOMPARE(curve->data()->at(i)->key, double(c["nfe"].get<int>()));
        QCOMPARE(curve->data()->at(i)->value, c["fd"].get<double>());
        QCOMPARE(QString::fromStdString(c["solver"].get<std::string>()), view->series()[s].name);
        ++plotted;
      }
    }
    QCOMPARE(plotted, 4);
    QCOMPARE(view->plot(widgets::StudyView::Plot::FdNfe)->xAxis->scaleType(),
             QCPAxis::stLogarithmic);
    // FD-energy: every cell once, at its energy per image, in its series' colour and shape.
    int energyPoints = 0;
    for (int s = 0; s < view->series().size(); ++s) {
      QCPCurve* energy = view->energyCurve(s);
      QVERIFY(energy);
      QCOMPARE(energy->scatterStyle().pen().color(), view->seriesCurve(s)->pen().color());
      QCOMPARE(energy->scatterStyle().shape(), view->seriesCurve(s)->scatterStyle().shape());
      QCOMPARE(energy->dataCount(), view->series()[s].points.size());
      for (int i = 0; i < energy->dataCount(); ++i) {
        // The series' own cells, found by their coordinates.
        bool found = false;
        for (const widgets::StudyPoint& p : view->series()[s].points) {
          const nlohmann::json& c = cells[std::size_t(p.cell)];
          found |= energy->data()->at(i)->key == c["energy_mj_per_image"].get<double>() &&
                   energy->data()->at(i)->value == c["fd"].get<double>();
        }
        QVERIFY(found);
        ++energyPoints;
      }
    }
    QCOMPARE(energyPoints, 4);
    QCOMPARE(view->energyPoints().size(), 4);
    // The Pareto front is exactly the cells no other cell dominates.
    std::set<int> expected, front;
    for (const auto& a : cells) {
      bool dominated = false;
      for (const auto& b : cells) {
        const double ea = a["energy_mj_per_image"], eb = b["energy_mj_per_image"];
        const double fa = a["fd"], fb = b["fd"];
        dominated |= eb <= ea && fb <= fa && (eb < ea || fb < fa);
      }
      if (!dominated) expected.insert(a["index"].get<int>());
    }
    for (const auto& p : view->paretoPoints()) front.insert(p.cell);
    QVERIFY(!expected.empty());
    QCOMPARE(front, expected);
    QCOMPARE(view->plot(widgets::StudyView::Plot::FdEnergy)->graph(0)->dataCount(),
             int(expected.size()));
    // Two axes vary (solver, steps): the heat table is solvers by steps.
    QVERIFY(!view->heatTable()->isHidden());
    QCOMPARE(view->tableTabs()->currentIndex(), 1);  // and it is shown first
    QCOMPARE(view->heatTable()->rowCount(), 2);
    QCOMPARE(view->heatTable()->columnCount(), 2);
    QCOMPARE(view->heatTable()->item(1, 1)->text(),
             QString::number(cells[3]["fd"].get<double>(), 'g', 5));
    QCOMPARE(view->cellTable()->rowCount(), 4);

    // Selecting a cell shows its grid and numbers; Load sets Generate (and θ) to that cell.
    GenerateSettings* gen = w->generateSettings();
    GenerateParams before = gen->params();
    before.solver.kind = SolverKind::Ddim;
    before.solver.steps = 7;
    before.seed = 77;
    // The study's shared sampler options come back too (ε re-derived or not).
    const bool studyRederives = view->table()["study"]["shared"].value("rederive_eps", false);
    before.solver.rederiveEps = !studyRederives;
    gen->setParams(before);
    w->modelPanel()->setThreshold(0.8f);
    QSignalSpy selected(view, &widgets::StudyView::cellSelected);
    view->cellTable()->setCurrentCell(3, 2);  // a click on the last row
    QCOMPARE(view->selectedCell(), 3);
    QCOMPARE(selected.size(), 1);
    QVERIFY(!view->gridLabel()->pixmap().isNull());
    QVERIFY(view->detailLabel()->text().contains("dpm-solver"));
    QVERIFY(view->loadButton()->isEnabled());
    QSignalSpy loaded(study, &StudyController::settingsLoaded);
    view->loadButton()->click();
    QCOMPARE(loaded.size(), 1);
    const GenerateParams after = gen->params();
    QVERIFY(after.solver.kind == SolverKind::DpmSolver);
    QCOMPARE(after.solver.steps, 3);
    QCOMPARE(after.seed, uint64_t{5});
    QCOMPARE(after.solver.rederiveEps, studyRederives);
    QVERIFY(after.precision == Precision::Exact);
    QCOMPARE(w->modelPanel()->threshold(), 1.0f);
    view->selectCell(0);
    QCOMPARE(view->cellTable()->currentRow(), 0);
    // A mouse click on a plotted point selects its cell.
    w->showView("study");
    widgets::replotAll(w.get());
    QCustomPlot* nfePlot = view->plot(widgets::StudyView::Plot::FdNfe);
    const QPoint at(qRound(nfePlot->xAxis->coordToPixel(cells[2]["nfe"].get<int>())),
                    qRound(nfePlot->yAxis->coordToPixel(cells[2]["fd"].get<double>())));
    QTest::mouseClick(nfePlot, Qt::LeftButton, {}, at);
    QCOMPARE(view->selectedCell(), 2);
    QCOMPARE(view->cellTable()->currentRow(), 2);

    // Exports: the table, both plots, the report page.
    QCOMPARE(study->exportTableTo(m_tmp.filePath("table.csv")), QString());
    QFile csv(m_tmp.filePath("table.csv")), original(out + "/study.csv");
    QVERIFY(csv.open(QIODevice::ReadOnly) && original.open(QIODevice::ReadOnly));
    QCOMPARE(csv.readAll(), original.readAll());
    QCOMPARE(study->exportPlotTo(int(widgets::StudyView::Plot::FdNfe), m_tmp.filePath("nfe.png")),
             QString());
    QCOMPARE(
        study->exportPlotTo(int(widgets::StudyView::Plot::FdEnergy), m_tmp.filePath("energy.pdf")),
        QString());
    QVERIFY(QImage(m_tmp.filePath("nfe.png")).width() == 900);
    QVERIFY(QFileInfo(m_tmp.filePath("energy.pdf")).size() > 1000);
    QCOMPARE(study->exportReportTo(m_tmp.filePath("report.png")), QString());
    const QImage page(m_tmp.filePath("report.png"));
    QVERIFY(!page.isNull());
    QVERIFY2(colours(page).size() > 20, qPrintable(QString::number(colours(page).size())));
    QVERIFY(QDir(m_tmp.path()).entryList({"*.partial.*"}, QDir::Files | QDir::Hidden).isEmpty());
    qInfo("report: %s", qPrintable(m_tmp.filePath("report.png")));

    // The Study view at 1280×800, for a look.
    w->showView("study");
    view->selectCell(3);
    QTest::qWait(0);
    widgets::replotAll(w.get());
    const QString shot = m_tmp.filePath("study_view.png");
    QVERIFY(w->grab().save(shot));
    qInfo("screenshot: %s (window %dx%d)", qPrintable(shot), w->width(), w->height());
    QVERIFY(colours(view->grab().toImage()).size() > 50);

    // File ▸ Open study on a folder without a table says why.
    QVERIFY(study->openStudy(m_tmp.filePath("nothing-here")).contains("study.json"));
    QCOMPARE(study->openStudy(out), QString());
  }

  // Cancelled after its first cell, the study keeps it and Resume runs only the rest; Load
  // settings of a cell of another checkpoint opens that checkpoint first.
  void cancelResumeAndLoadAnotherModel() {
    const fs::path other = fs::path(m_tmp.path().toStdString()) / "other.pt";
    fs::copy_file(m_ckpt, other);
    auto w = openStudio(1);
    QVERIFY(loadModel(*w, QString::fromStdString(m_ckpt.string())));
    StudyController* study = w->studyController();
    JobQueue* queue = w->jobsController()->queue();
    StudyRequest req = tinyStudy(other.string(), m_tmp.filePath("resumed").toStdString());
    req.axes.steps = {2, 3, 4};
    // Cancelled from the job thread's report that the first cell ended, which waits until the GUI
    // thread has taken the cancel: the study cannot run to its end first.
    std::atomic<bool> asked{false};
    connect(
        queue->runner(), &JobRunner::progress, queue->runner(),
        [&](quint64 job, const JobProgress& p) {
          if (p.event != JobProgress::Event::Sample || asked.exchange(true)) return;
          QMetaObject::invokeMethod(
              queue, [queue, job] { queue->cancel(job); }, Qt::BlockingQueuedConnection);
        },
        Qt::DirectConnection);
    const quint64 id = study->launch(req);
    auto ended = [&] {
      const auto s = queue->job(id)->state;
      return s != JobRecord::State::Queued && s != JobRecord::State::Running;
    };
    QTRY_VERIFY_WITH_TIMEOUT(ended(), sdmtest::ms(180000));
    QVERIFY2(queue->job(id)->state == JobRecord::State::Cancelled,
             qPrintable(queue->job(id)->error));
    const int kept = widgets::studyDoneCount(readStudy(req.outDir));
    QVERIFY(kept >= 1 && kept < 6);
    QCOMPARE(widgets::studyDoneCount(w->studyView()->table()), kept);
    QVERIFY(w->jobsView()->statusLabel()->text().contains("Resume"));
    queue->resume(id);
    QTRY_VERIFY_WITH_TIMEOUT(ended(), sdmtest::ms(180000));
    QVERIFY2(queue->job(id)->state == JobRecord::State::Done, qPrintable(queue->job(id)->error));
    QCOMPARE(queue->job(id)->result["cells_reused"].get<int>(), kept);
    QCOMPARE(widgets::studyDoneCount(w->studyView()->table()), 6);

    QSignalSpy loaded(study, &StudyController::settingsLoaded);
    QVERIFY(study->loadSettings(5));  // dpm-solver, 4 steps, of other.pt
    QVERIFY(loaded.wait(sdmtest::ms(60000)));
    QCOMPARE(QString::fromStdString(w->modelController()->info().path),
             QString::fromStdString(other.string()));
    QVERIFY(w->generateSettings()->params().solver.kind == SolverKind::DpmSolver);
    QCOMPARE(w->generateSettings()->params().solver.steps, 4);
  }

 private:
  QTemporaryDir m_tmp;
  fs::path m_ckpt;
};

QTEST_MAIN(TestStudy)
#include "test_study.moc"
