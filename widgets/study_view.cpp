#include "study_view.h"

#include <qcustomplot.h>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "plot_style.h"

namespace sdm::widgets {
namespace {

const QColor kPalette[] = {{31, 119, 180},  {255, 127, 14}, {44, 160, 44},   {214, 39, 40},
                           {148, 103, 189}, {140, 86, 75},  {227, 119, 194}, {127, 127, 127},
                           {188, 189, 34},  {23, 190, 207}};
const QCPScatterStyle::ScatterShape kShapes[] = {
    QCPScatterStyle::ssCircle,  QCPScatterStyle::ssSquare,           QCPScatterStyle::ssTriangle,
    QCPScatterStyle::ssDiamond, QCPScatterStyle::ssTriangleInverted, QCPScatterStyle::ssCross};

// "FD (studio classifier (fashion-mnist, …))" -> "FD (studio classifier)": short enough for an
// axis; the full name is in the cell details and the report.
QString shortFdName(const QString& name) {
  const int open = name.indexOf(QStringLiteral(" ("));
  if (open < 0) return name;
  QString inner = name.mid(open + 2);
  const int cut = inner.indexOf(QRegularExpression(QStringLiteral("[(),]")));
  if (cut >= 0) inner = inner.left(cut);
  return QStringLiteral("%1 (%2)").arg(name.left(open), inner.trimmed());
}

QString number(const nlohmann::json& c, const char* key, int digits) {
  if (!c.contains(key) || !c[key].is_number()) return QStringLiteral("–");
  return QString::number(c[key].get<double>(), 'g', digits);
}

QCustomPlot* makeStudyPlot(QWidget* parent) {
  QCustomPlot* p = makePlot(parent);
  p->setAntialiasedElements(QCP::aePlottables | QCP::aeScatters | QCP::aeLegendItems);
  p->legend->setVisible(true);
  QFont small = p->font();
  small.setPointSizeF(small.pointSizeF() * 0.85);
  p->legend->setFont(small);
  p->legend->setBrush(QColor(255, 255, 255, 210));
  p->legend->setRowSpacing(0);
  // The legend in a row under the axes: inside, it would hide points wherever it sat.
  auto* below = new QCPLayoutGrid;
  p->plotLayout()->addElement(1, 0, below);
  below->setMargins(QMargins(5, 0, 5, 5));
  below->addElement(0, 0, p->legend);
  p->legend->setFillOrder(QCPLegend::foColumnsFirst);
  p->legend->setWrap(2);  // two columns fit the narrow plot of a 1280 px window
  p->plotLayout()->setRowStretchFactor(1, 0.001);
  return p;
}

QCPCurve* markCurve(QCustomPlot* p) {
  auto* mark = new QCPCurve(p->xAxis, p->yAxis);
  mark->setLineStyle(QCPCurve::lsNone);
  mark->setScatterStyle(
      QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(220, 0, 0), 2), Qt::NoBrush, 16));
  mark->removeFromLegend();
  mark->setSelectable(QCP::stNone);
  return mark;
}

// Padded FD range of the points (FD is never negative).
QCPRange paddedRange(double lo, double hi) {
  const double pad = std::max((hi - lo) * 0.08, std::abs(hi) * 0.02 + 1e-9);
  return QCPRange(std::max(0.0, lo - pad), hi + pad);
}

}  // namespace

StudyView::StudyView(QWidget* parent)
    : QWidget(parent),
      m_title(new QLabel(this)),
      m_nfePlot(makeStudyPlot(this)),
      m_energyPlot(makeStudyPlot(this)),
      m_tabs(new QTabWidget(this)),
      m_cells(new QTableWidget(this)),
      m_heat(new QTableWidget(this)),
      m_heatNote(new QLabel(this)),
      m_grid(new QLabel(this)),
      m_detail(new QLabel(this)),
      m_load(new QPushButton(tr("Load settings into Generate"), this)) {
  m_title->setWordWrap(true);
  m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* top = new QHBoxLayout;
  top->addWidget(m_title, 1);
  auto addExport = [&](const QString& text, const QString& tip, auto&& onClick) {
    auto* b = new QToolButton(this);
    b->setText(text);
    b->setToolTip(tip);
    connect(b, &QToolButton::clicked, this, onClick);
    top->addWidget(b);
  };
  addExport(tr("Table CSV…"), tr("The study table as CSV (study.csv)"),
            [this] { Q_EMIT exportTableRequested(); });
  addExport(tr("FD–NFE plot…"), tr("The FD against NFE plot as PNG or PDF"),
            [this] { Q_EMIT exportPlotRequested(int(Plot::FdNfe)); });
  addExport(tr("FD–energy plot…"), tr("The FD against energy plot as PNG or PDF"),
            [this] { Q_EMIT exportPlotRequested(int(Plot::FdEnergy)); });
  addExport(tr("Report PNG…"), tr("One page: both plots and every parameter of the study"),
            [this] { Q_EMIT exportReportRequested(); });

  m_nfePlot->xAxis->setScaleType(QCPAxis::stLogarithmic);
  m_nfePlot->xAxis->setLabel(tr("network evaluations (NFE, log scale)"));
  m_energyPlot->xAxis->setLabel(tr("energy per image (mJ)"));
  connect(m_nfePlot, &QCustomPlot::plottableClick, this,
          [this](QCPAbstractPlottable* p, int i, QMouseEvent*) { onPlottableClick(p, i); });
  connect(m_energyPlot, &QCustomPlot::plottableClick, this,
          [this](QCPAbstractPlottable* p, int i, QMouseEvent*) { onPlottableClick(p, i); });

  m_cells->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_cells->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_cells->setSelectionMode(QAbstractItemView::SingleSelection);
  m_cells->verticalHeader()->setVisible(false);
  m_cells->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  connect(m_cells, &QTableWidget::currentCellChanged, this, [this](int row) {
    if (row < 0) return;
    if (auto* item = m_cells->item(row, 0)) selectCell(item->data(Qt::UserRole).toInt());
  });
  m_heat->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_heat->setSelectionMode(QAbstractItemView::SingleSelection);
  connect(m_heat, &QTableWidget::currentCellChanged, this, [this](int row, int column) {
    const QTableWidgetItem* item = m_heat->item(row, column);
    if (item && item->data(Qt::UserRole).isValid()) selectCell(item->data(Qt::UserRole).toInt());
  });
  m_heatNote->setWordWrap(true);
  auto* heatPage = new QWidget(this);
  auto* heatLayout = new QVBoxLayout(heatPage);
  heatLayout->setContentsMargins(0, 0, 0, 0);
  heatLayout->addWidget(m_heatNote);
  heatLayout->addWidget(m_heat, 1);
  m_tabs->addTab(m_cells, tr("Table"));
  m_tabs->addTab(heatPage, tr("Heat table"));

  m_grid->setAlignment(Qt::AlignCenter);
  m_grid->setMinimumSize(160, 90);
  m_detail->setWordWrap(true);
  m_detail->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_load->setEnabled(false);
  m_load->setToolTip(
      tr("Set the Generate panel's solver, steps, θ, precision and seed to this "
         "cell's (and open its checkpoint when another one is loaded)"));
  connect(m_load, &QPushButton::clicked, this, [this] {
    if (m_selected >= 0) Q_EMIT loadSettingsRequested(m_selected);
  });
  auto* details = new QWidget(this);
  auto* detailLayout = new QVBoxLayout(details);
  detailLayout->setContentsMargins(0, 0, 0, 0);
  // The numbers scroll rather than being cut when the panel is short.
  auto* detailScroll = new QScrollArea(details);
  detailScroll->setWidget(m_detail);
  detailScroll->setWidgetResizable(true);
  detailScroll->setFrameShape(QFrame::NoFrame);
  detailScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  detailLayout->addWidget(m_grid);
  detailLayout->addWidget(detailScroll, 1);
  detailLayout->addWidget(m_load);

  auto* plots = new QSplitter(Qt::Horizontal, this);
  plots->addWidget(m_nfePlot);
  plots->addWidget(m_energyPlot);
  plots->setSizes({500, 500});  // side by side, equal, whatever their legends ask for
  auto* bottom = new QSplitter(Qt::Horizontal, this);
  bottom->addWidget(m_tabs);
  bottom->addWidget(details);
  bottom->setStretchFactor(0, 3);
  bottom->setStretchFactor(1, 1);
  auto* split = new QSplitter(Qt::Vertical, this);
  split->addWidget(plots);
  split->addWidget(bottom);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  split->setChildrenCollapsible(false);
  split->setSizes({560, 340});  // the plots first; proportions kept at any window size
  bottom->setSizes({600, 380});
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(split, 1);
  clear();
}

void StudyView::clear() {
  m_folder.clear();
  m_table = nlohmann::json::object();
  m_selected = -1;
  rebuildPlots();
  rebuildTable();
  rebuildHeat();
  showSelection();
  m_title->setText(
      tr("No study shown. Run ▸ Study… sweeps solvers, steps, thresholds and precisions; "
         "File ▸ Open study… shows a study folder."));
}

void StudyView::setStudy(const QString& folder, const nlohmann::json& table) {
  const bool opened = folder != m_folder;
  if (opened) m_selected = -1;
  m_folder = folder;
  m_table = table;
  const int cells = static_cast<int>(m_table.value("cells", nlohmann::json::array()).size());
  if (m_selected >= cells) m_selected = -1;
  rebuildPlots();
  rebuildTable();
  rebuildHeat();
  // A two-axis study (TSM × θ, solver × steps) reads best as its heat table: show it first; a
  // later refresh of the same study keeps the user's tab.
  if (opened) m_tabs->setCurrentIndex(m_heat->isHidden() ? 0 : 1);
  showSelection();
  m_title->setText(tr("<b>Study</b> %1 — %2 of %3 cells scored, N %4 images per cell")
                       .arg(folder.toHtmlEscaped())
                       .arg(studyDoneCount(m_table))
                       .arg(cells)
                       .arg(m_table.value("study", nlohmann::json::object())
                                .value("shared", nlohmann::json::object())
                                .value("n", 0)));
}

const nlohmann::json* StudyView::cell(int index) const {
  if (!m_table.contains("cells") || index < 0 || index >= int(m_table["cells"].size()))
    return nullptr;
  return &m_table["cells"][std::size_t(index)];
}

QCustomPlot* StudyView::plot(Plot which) const {
  return which == Plot::FdNfe ? m_nfePlot : m_energyPlot;
}

QCPCurve* StudyView::energyCurve(int series) const {
  return series >= 0 && series < m_energyCurves.size() ? m_energyCurves[series] : nullptr;
}

QCPCurve* StudyView::seriesCurve(int series) const {
  return series >= 0 && series < m_seriesCurves.size() ? m_seriesCurves[series] : nullptr;
}

void StudyView::rebuildPlots() {
  m_series = studyNfeSeries(m_table);
  m_energy = studyEnergyPoints(m_table);
  m_pareto = paretoFront(m_energy);
  m_pointCells.clear();
  m_seriesCurves.clear();
  m_nfePlot->clearPlottables();
  m_energyPlot->clearPlottables();
  const QString fd = shortFdName(studyFdName(m_table));
  m_nfePlot->yAxis->setLabel(fd);
  m_energyPlot->yAxis->setLabel(fd);

  double fdLo = INFINITY, fdHi = -INFINITY;
  std::set<double> nfes;
  for (int s = 0; s < m_series.size(); ++s) {
    auto* curve = new QCPCurve(m_nfePlot->xAxis, m_nfePlot->yAxis);
    const QColor colour = kPalette[s % std::size(kPalette)];
    curve->setPen(QPen(colour, 2));
    curve->setScatterStyle(
        QCPScatterStyle(kShapes[s % std::size(kShapes)], colour, colour.lighter(150), 8));
    curve->setName(m_series[s].name);
    QVector<double> t, x, y;
    QVector<int> cells;
    for (const StudyPoint& p : m_series[s].points) {
      t << t.size();
      x << p.x;
      y << p.y;
      cells << p.cell;
      nfes.insert(p.x);
      fdLo = std::min(fdLo, p.y);
      fdHi = std::max(fdHi, p.y);
    }
    curve->setData(t, x, y);
    m_pointCells[curve] = cells;
    m_seriesCurves << curve;
  }
  // Log x with a tick at every NFE of the study (a decade ticker would show none for 2..50).
  auto ticker = QSharedPointer<QCPAxisTickerText>::create();
  // Labels closer than ~20 % on the log axis overlap (Analytic-DPM's NFE 11 beside DDIM's 10):
  // such an NFE keeps its points but not a label of its own.
  double lastLabelled = 0;
  for (double n : nfes)
    if (lastLabelled <= 0 || std::log10(n / lastLabelled) >= 0.08) {
      ticker->addTick(n, QString::number(n));
      lastLabelled = n;
    }
  m_nfePlot->xAxis->setTicker(ticker);
  if (!nfes.empty())
    m_nfePlot->xAxis->setRange(*nfes.begin() / 1.25, *nfes.rbegin() * 1.25);
  else
    m_nfePlot->xAxis->setRange(1, 100);
  m_nfePlot->yAxis->setRange(std::isfinite(fdLo) ? paddedRange(fdLo, fdHi) : QCPRange(0, 1));
  m_nfeMark = markCurve(m_nfePlot);

  // FD-energy: the same cells in their series' colour and shape, so a point says which solver
  // (model, θ, precision) it is.
  std::map<int, int> seriesOf;  // cell index -> series
  for (int s = 0; s < m_series.size(); ++s)
    for (const StudyPoint& p : m_series[s].points) seriesOf[p.cell] = s;
  m_energyCurves.clear();
  double eLo = INFINITY, eHi = -INFINITY;
  for (int s = 0; s < m_series.size(); ++s) {
    auto* curve = new QCPCurve(m_energyPlot->xAxis, m_energyPlot->yAxis);
    const QColor colour = kPalette[s % std::size(kPalette)];
    curve->setName(m_series[s].name);
    curve->setLineStyle(QCPCurve::lsNone);
    curve->setScatterStyle(
        QCPScatterStyle(kShapes[s % std::size(kShapes)], colour, colour.lighter(150), 8));
    QVector<double> t, x, y;
    QVector<int> cells;
    for (const StudyPoint& p : m_energy) {
      const auto it = seriesOf.find(p.cell);
      if (it == seriesOf.end() || it->second != s) continue;
      t << t.size();
      x << p.x;
      y << p.y;
      cells << p.cell;
      eLo = std::min(eLo, p.x);
      eHi = std::max(eHi, p.x);
    }
    curve->setData(t, x, y);
    m_pointCells[curve] = cells;
    m_energyCurves << curve;
  }
  auto* front = m_energyPlot->addGraph();
  front->setName(tr("Pareto front (lowest FD for its energy)"));
  front->setLineStyle(QCPGraph::lsStepLeft);
  // Dark grey: the series colours are the points' own, the front is drawn over them.
  const QColor frontColour(60, 60, 60);
  front->setPen(QPen(frontColour, 1.5, Qt::DashLine));
  front->setScatterStyle(
      QCPScatterStyle(QCPScatterStyle::ssDiamond, QPen(frontColour, 1.5), Qt::NoBrush, 13));
  QVector<double> fx, fy;
  QVector<int> frontCells;
  for (const StudyPoint& p : m_pareto) {
    fx << p.x;
    fy << p.y;
    frontCells << p.cell;
  }
  front->setData(fx, fy, true);
  m_pointCells[front] = frontCells;
  if (std::isfinite(eLo)) {
    const double pad = std::max((eHi - eLo) * 0.08, eHi * 0.02 + 1e-9);
    m_energyPlot->xAxis->setRange(std::max(0.0, eLo - pad), eHi + pad);
  } else {
    m_energyPlot->xAxis->setRange(0, 1);
  }
  m_energyPlot->yAxis->setRange(m_nfePlot->yAxis->range());
  m_energyMark = markCurve(m_energyPlot);
  requestReplot(m_nfePlot);
  requestReplot(m_energyPlot);
}

void StudyView::rebuildTable() {
  const QStringList headers = {tr("#"),     tr("model"),   tr("solver"),  tr("steps"), tr("θ"),
                               tr("prec."), tr("status"),  tr("NFE"),     tr("FD"),    tr("KID"),
                               tr("IS"),    tr("s/image"), tr("mJ/image")};
  const QSignalBlocker block(m_cells);
  const nlohmann::json cells = m_table.value("cells", nlohmann::json::array());
  m_cells->clear();
  m_cells->setColumnCount(headers.size());
  m_cells->setHorizontalHeaderLabels(headers);
  m_cells->setRowCount(static_cast<int>(cells.size()));
  for (int row = 0; row < int(cells.size()); ++row) {
    const nlohmann::json& c = cells[std::size_t(row)];
    const QString status = QString::fromStdString(c.value("status", std::string()));
    const QStringList values = {
        QString::number(c.value("index", row)),
        studyAxisValue(c, QStringLiteral("model")),
        studyAxisValue(c, QStringLiteral("solver")),
        studyAxisValue(c, QStringLiteral("steps")),
        studyAxisValue(c, QStringLiteral("threshold")),
        studyAxisValue(c, QStringLiteral("precision")),
        status,
        c.contains("nfe") ? QString::number(c.value("nfe", 0)) : QStringLiteral("–"),
        number(c, "fd", 6),
        number(c, "kid", 4),
        number(c, "is", 4),
        number(c, "seconds_per_image", 3),
        number(c, "energy_mj_per_image", 4)};
    for (int col = 0; col < values.size(); ++col) {
      auto* item = new QTableWidgetItem(values[col]);
      item->setData(Qt::UserRole, c.value("index", row));
      if (col >= 7 || col == 0 || col == 3)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      if (status == QLatin1String("skipped"))
        item->setToolTip(QString::fromStdString(c.value("reason", std::string())));
      if (status != QLatin1String("done")) item->setForeground(QColor(130, 130, 130));
      m_cells->setItem(row, col, item);
    }
  }
}

void StudyView::rebuildHeat() {
  const QSignalBlocker block(m_heat);
  m_heat->clear();
  m_heat->setRowCount(0);
  m_heat->setColumnCount(0);
  const QStringList varying = studyVaryingAxes(m_table);
  if (varying.size() != 2) {
    m_heatNote->setText(tr("The heat table needs exactly two axes that vary; this study varies %n.",
                           nullptr, static_cast<int>(varying.size())));
    m_heat->hide();
    return;
  }
  m_heat->show();
  const nlohmann::json cells = m_table.value("cells", nlohmann::json::array());
  QStringList rows, columns;
  for (const auto& c : cells) {
    const QString r = studyAxisValue(c, varying[0]), col = studyAxisValue(c, varying[1]);
    if (!rows.contains(r)) rows << r;
    if (!columns.contains(col)) columns << col;
  }
  m_heatNote->setText(tr("%1 by row, %2 by column; colour: %3 from low (green) to high (red)")
                          .arg(studyAxisTitle(varying[0]), studyAxisTitle(varying[1]),
                               shortFdName(studyFdName(m_table))));
  m_heat->setRowCount(rows.size());
  m_heat->setColumnCount(columns.size());
  m_heat->setVerticalHeaderLabels(rows);
  m_heat->setHorizontalHeaderLabels(columns);
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& c : cells)
    if (c.value("status", std::string()) == "done" && c.contains("fd")) {
      lo = std::min(lo, c["fd"].get<double>());
      hi = std::max(hi, c["fd"].get<double>());
    }
  for (const auto& c : cells) {
    const int r = rows.indexOf(studyAxisValue(c, varying[0]));
    const int col = columns.indexOf(studyAxisValue(c, varying[1]));
    const bool done = c.value("status", std::string()) == "done" && c.contains("fd");
    auto* item =
        new QTableWidgetItem(done ? QString::number(c["fd"].get<double>(), 'g', 5)
                                  : QString::fromStdString(c.value("status", std::string())));
    item->setTextAlignment(Qt::AlignCenter);
    item->setData(Qt::UserRole, c.value("index", 0));
    if (done) {
      const double f = hi > lo ? (c["fd"].get<double>() - lo) / (hi - lo) : 0.0;
      item->setBackground(QColor::fromHsvF(float(0.33 * (1 - f)), 0.45f, 0.95f));
      item->setForeground(Qt::black);
    }
    m_heat->setItem(r, col, item);
  }
  m_heat->resizeColumnsToContents();
}

void StudyView::selectCell(int index) {
  const nlohmann::json* c = cell(index);
  if (!c || index == m_selected) return;
  m_selected = index;
  showSelection();
  Q_EMIT cellSelected(index);
}

void StudyView::onPlottableClick(QCPAbstractPlottable* plottable, int dataIndex) {
  auto it = m_pointCells.find(plottable);
  if (it == m_pointCells.end() || dataIndex < 0 || dataIndex >= it->second.size()) return;
  selectCell(it->second[dataIndex]);
}

void StudyView::showSelection() {
  const nlohmann::json* c = cell(m_selected);
  QVector<double> t, x, y, ex, ey;
  if (c) {
    for (const StudySeries& s : m_series)
      for (const StudyPoint& p : s.points)
        if (p.cell == m_selected) x << p.x, y << p.y, t << 0;
    for (const StudyPoint& p : m_energy)
      if (p.cell == m_selected) ex << p.x, ey << p.y;
  }
  m_nfeMark->setData(t, x, y);
  m_energyMark->setData(QVector<double>(ex.size(), 0), ex, ey);
  requestReplot(m_nfePlot);
  requestReplot(m_energyPlot);
  {
    const QSignalBlocker block(m_cells);
    for (int row = 0; row < m_cells->rowCount(); ++row)
      if (m_cells->item(row, 0)->data(Qt::UserRole).toInt() == m_selected) m_cells->selectRow(row);
  }
  if (!c) {
    m_grid->clear();
    m_grid->setText(tr("Click a point or a row to see that cell's images."));
    m_detail->clear();
    m_load->setEnabled(false);
    return;
  }
  const QString status = QString::fromStdString(c->value("status", std::string()));
  const QString gridPath = c->contains("grid")
                               ? m_folder + QLatin1Char('/') + QString::fromStdString((*c)["grid"])
                               : QString();
  QPixmap grid;
  if (!gridPath.isEmpty() && grid.load(gridPath)) {
    // As wide as the panel allows, at most 4x: the cell grids are small (32 px images).
    const QSize room =
        QSize(m_grid->width() - 4, 150).boundedTo(grid.size() * 4).expandedTo(grid.size());
    m_grid->setPixmap(grid.scaled(room, Qt::KeepAspectRatio, Qt::SmoothTransformation));
  } else
    m_grid->setText(status == QLatin1String("done") ? tr("(no grid image)") : status);
  QString html = QStringLiteral("<b>%1 · %2 · %3 steps · θ %4 · %5</b> (%6)<br>")
                     .arg(studyAxisValue(*c, QStringLiteral("model")).toHtmlEscaped(),
                          studyAxisValue(*c, QStringLiteral("solver")),
                          studyAxisValue(*c, QStringLiteral("steps")),
                          studyAxisValue(*c, QStringLiteral("threshold")),
                          studyAxisValue(*c, QStringLiteral("precision")), status);
  if (status == QLatin1String("done")) {
    const QString fdName = QString::fromStdString(c->value("fd_name", std::string("FD")));
    m_detail->setToolTip(fdName);
    html += tr("NFE %1 · %2 = %3")
                .arg(c->value("nfe", 0))
                .arg(shortFdName(fdName).toHtmlEscaped(), number(*c, "fd", 6));
    if (c->contains("kid"))
      html += QStringLiteral("<br>") +
              tr("KID %1 ± %2").arg(number(*c, "kid", 4), number(*c, "kid_std", 3));
    html += QStringLiteral("<br>") + tr("IS analogue %1 · class entropy %2")
                                         .arg(number(*c, "is", 4), number(*c, "class_entropy", 4));
    html += QStringLiteral("<br>") + tr("%1 s per image · %2 mJ per image (ANN %3 mJ)")
                                         .arg(number(*c, "seconds_per_image", 3),
                                              number(*c, "energy_mj_per_image", 4),
                                              number(*c, "ann_energy_mj_per_image", 4));
    if (c->contains("sampler"))
      html +=
          QStringLiteral("<br>") +
          QString::fromStdString((*c)["sampler"].value("summary", std::string())).toHtmlEscaped();
  } else if (c->contains("reason")) {
    html += QString::fromStdString(c->value("reason", std::string())).toHtmlEscaped();
  }
  m_detail->setText(html);
  m_load->setEnabled(true);
}

QImage StudyView::renderReport(int width) const {
  const int margin = 30, plotW = (width - 3 * margin) / 2, plotH = plotW * 2 / 3;
  QFont mono(QStringLiteral("monospace"));
  mono.setStyleHint(QFont::Monospace);
  mono.setPixelSize(13);
  const QStringList lines =
      QString::fromStdString(m_table.value("study", nlohmann::json::object()).dump(2))
          .split(QLatin1Char('\n'));
  const int lineH = QFontMetrics(mono).lineSpacing();
  const int perColumn = (static_cast<int>(lines.size()) + 1) / 2;
  const int textTop = margin + 40 + plotH + margin + 30;
  QImage page(width, textTop + perColumn * lineH + margin, QImage::Format_RGB32);
  page.fill(Qt::white);
  QPainter p(&page);
  p.setRenderHint(QPainter::TextAntialiasing);
  QFont title = font();
  title.setPixelSize(22);
  title.setBold(true);
  p.setFont(title);
  p.drawText(QRect(margin, margin, width - 2 * margin, 36), Qt::AlignLeft | Qt::AlignVCenter,
             tr("Study %1 — %2 of %3 cells scored")
                 .arg(m_folder)
                 .arg(studyDoneCount(m_table))
                 .arg(m_table.value("cells", nlohmann::json::array()).size()));
  p.drawPixmap(margin, margin + 40, m_nfePlot->toPixmap(plotW, plotH));
  p.drawPixmap(2 * margin + plotW, margin + 40, m_energyPlot->toPixmap(plotW, plotH));
  QFont heading = font();
  heading.setPixelSize(16);
  heading.setBold(true);
  p.setFont(heading);
  p.drawText(margin, textTop - 10,
             tr("Every parameter of the study (its fingerprint: models, axes, N, seed, weights, "
                "solver extras)"));
  p.setFont(mono);
  for (int i = 0; i < lines.size(); ++i) {
    const int column = i / perColumn, row = i % perColumn;
    p.drawText(QRect(margin + column * (plotW + margin), textTop + row * lineH, plotW, lineH),
               Qt::AlignLeft | Qt::AlignVCenter, lines[i]);
  }
  return page;
}

}  // namespace sdm::widgets
