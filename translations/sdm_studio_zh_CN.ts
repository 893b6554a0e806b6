<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ConversionController</name>
    <message>
        <source>EMA</source>
        <translation>EMA</translation>
    </message>
    <message>
        <source>raw</source>
        <translation>原始</translation>
    </message>
</context>
<context>
    <name>JobDialogs</name>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <source>Choose a checkpoint</source>
        <translation>选择检查点</translation>
    </message>
    <message>
        <source>Checkpoints (*.pt)</source>
        <translation>检查点 (*.pt)</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
</context>
<context>
    <name>JobPresenter</name>
    <message>
        <source> · ETA %1</source>
        <translation> · 预计剩余 %1</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>solver</source>
        <translation>求解器</translation>
    </message>
    <message>
        <source>diffusion steps</source>
        <translation>扩散步数</translation>
    </message>
    <message>
        <source>IF threshold θ</source>
        <translation>IF 阈值 θ</translation>
    </message>
    <message>
        <source>precision</source>
        <translation>精度</translation>
    </message>
</context>
<context>
    <name>RequestText</name>
    <message>
        <source>DDPM strided</source>
        <translation>DDPM（跨步）</translation>
    </message>
    <message numerus="yes">
        <source>%n step(s)</source>
        <translation>
            <numerusform>%n 步</numerusform>
        </translation>
    </message>
    <message>
        <source>order %1, %2</source>
        <translation>%1 阶，%2</translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation>种子 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n 张图像</numerusform>
        </translation>
    </message>
    <message>
        <source>ε re-derived</source>
        <translation>ε 已重新推导</translation>
    </message>
</context>
<context>
    <name>sdm::studio::CompareController</name>
    <message>
        <source>Open a checkpoint first.</source>
        <translation>请先打开一个检查点。</translation>
    </message>
    <message>
        <source>Choose at least one solver and one value.</source>
        <translation>请至少选择一个求解器和一个数值。</translation>
    </message>
    <message>
        <source>NFE %1</source>
        <translation>NFE %1</translation>
    </message>
    <message numerus="yes">
        <source>%n step(s)</source>
        <translation>
            <numerusform>%n 步</numerusform>
        </translation>
    </message>
    <message>
        <source>DDPM always makes %1 network evaluations</source>
        <translation>DDPM 总是进行 %1 次网络评估</translation>
    </message>
    <message>
        <source>no step count gives exactly %1 network evaluations</source>
        <translation>没有任何步数恰好对应 %1 次网络评估</translation>
    </message>
    <message>
        <source>Nothing to run.</source>
        <translation>没有需要运行的内容。</translation>
    </message>
    <message numerus="yes">
        <source>Running %n cell(s) from seed %1…</source>
        <translation>
            <numerusform>正在从种子 %1 运行 %n 个单元格…</numerusform>
        </translation>
    </message>
    <message>
        <source>compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>%1 × %2 · seed %3</source>
        <translation>%1 × %2 · 种子 %3</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>no spike record</source>
        <translation>无脉冲记录</translation>
    </message>
    <message>
        <source>%1 per image</source>
        <translation>每张图像 %1</translation>
    </message>
    <message>
        <source>NFE %1 · %2 s
%3</source>
        <translation>NFE %1 · %2 秒
%3</translation>
    </message>
    <message>
        <source>Click to load these settings into Generate</source>
        <translation>点击将这些设置载入“生成”面板</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Cancelled: %1 of %2 cells done.</source>
        <translation>已取消：完成 %1 / %2 个单元格。</translation>
    </message>
    <message>
        <source>Done. Click a cell to load its settings into Generate.</source>
        <translation>完成。点击单元格可将其设置载入“生成”面板。</translation>
    </message>
    <message>
        <source>%1 of %2 cells</source>
        <translation>%1 / %2 个单元格</translation>
    </message>
    <message>
        <source>Loaded into Generate: %1</source>
        <translation>已载入“生成”面板：%1</translation>
    </message>
    <message numerus="yes">
        <source>Solver comparison · seed %1 · θ %2 · %n image(s) per cell</source>
        <translation>
            <numerusform>求解器比较 · 种子 %1 · θ %2 · 每个单元格 %n 张图像</numerusform>
        </translation>
    </message>
    <message>
        <source>NFE %1 · %2 s</source>
        <translation>NFE %1 · %2 秒</translation>
    </message>
    <message>
        <source>Equal energy needs this model&apos;s energy per network evaluation at this threshold: run Generate once (spike recording on), then compare.</source>
        <translation>相同能耗模式需要该模型在当前阈值下每次网络评估的能耗：请先运行一次生成（开启脉冲记录），再进行比较。</translation>
    </message>
    <message>
        <source>%1 mJ</source>
        <translation>%1 mJ</translation>
    </message>
    <message>
        <source>%1 mJ pays for %2 network evaluation(s) of %3</source>
        <translation>%1 mJ 只够 %2 次网络评估（每次 %3）</translation>
    </message>
    <message>
        <source>Energy per evaluation: %1 (measured by the last generation).</source>
        <translation>每次评估能耗：%1（由上一次生成测得）。</translation>
    </message>
    <message>
        <source>Equal energy uses the loaded model&apos;s measured energy per evaluation: compare other models by steps or NFE.</source>
        <translation>等能量模式使用已加载模型实测的每次评估能量：请按步数或 NFE 比较其他模型。</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message numerus="yes">
        <source>Model comparison · seed %1 · θ %2 · %n image(s) per cell</source>
        <translation>
            <numerusform>模型比较 · 种子 %1 · θ %2 · 每个单元格 %n 张图像</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sdm::studio::ComparePanel</name>
    <message>
        <source>Run comparison</source>
        <translation>运行比较</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Solvers × diffusion steps</source>
        <translation>求解器 × 扩散步数</translation>
    </message>
    <message>
        <source>Equal NFE (same number of network evaluations per column)</source>
        <translation>相同 NFE（每列网络评估次数相同）</translation>
    </message>
    <message>
        <source>%v / %m cells</source>
        <translation>%v / %m 个单元格</translation>
    </message>
    <message>
        <source>Every cell starts from the same x_T (the seed of the Generate panel). Choose solvers and step counts, then Run comparison. Click a finished cell to load its settings into Generate.</source>
        <translation>每个单元格都从同一个 x_T（“生成”面板的种子）开始。选择求解器和步数，然后点击“运行比较”。点击已完成的单元格可将其设置载入“生成”面板。</translation>
    </message>
    <message>
        <source>Solvers</source>
        <translation>求解器</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Images per cell</source>
        <translation>每个单元格的图像数</translation>
    </message>
    <message>
        <source>Equal energy (mJ per image per column, from the last generation&apos;s firing rates)</source>
        <translation>相同能耗（每列每张图像的 mJ，按上一次生成的发放率计算）</translation>
    </message>
    <message>
        <source>Comma-separated: diffusion steps, NFE budgets in the equal-NFE mode, or mJ per image in the equal-energy mode</source>
        <translation>以逗号分隔：扩散步数；相同 NFE 模式下为 NFE 预算；相同能耗模式下为每张图像的 mJ</translation>
    </message>
    <message>
        <source>Study…</source>
        <translation>研究…</translation>
    </message>
    <message>
        <source>Score solvers × steps × thresholds × precisions offline (FD, energy per image) as a job, and plot quality against cost</source>
        <translation>以作业形式离线评分 求解器 × 步数 × 阈值 × 精度（FD、每张图像能耗），并绘制质量与代价的关系</translation>
    </message>
    <message>
        <source>Add model…</source>
        <translation>添加模型…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>the loaded model</source>
        <translation>已加载的模型</translation>
    </message>
    <message>
        <source>Every model runs the same settings from the same x_T</source>
        <translation>每个模型都以相同设置从相同的 x_T 运行</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>%1 (loaded)</source>
        <translation>%1（已加载）</translation>
    </message>
    <message>
        <source>Add models to compare</source>
        <translation>添加要比较的模型</translation>
    </message>
    <message>
        <source>Checkpoints (*.pt *.pth);;All files (*)</source>
        <translation>检查点 (*.pt *.pth);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>sdm::studio::ConversionController</name>
    <message>
        <source>%1 at t = %2</source>
        <translation>%1（t = %2）</translation>
    </message>
    <message>
        <source>conversion check: ε relative error %1</source>
        <translation>转换检查：ε 相对误差 %1</translation>
    </message>
    <message>
        <source>block-wise fine-tuning of the converted SNN</source>
        <translation>转换后 SNN 的逐块微调</translation>
    </message>
    <message>
        <source>%1 steps per block, %2 steps in all, lr %3</source>
        <translation>每块 %1 步，共 %2 步，学习率 %3</translation>
    </message>
    <message>
        <source>Open a quantized ANN (Run ▸ New ANN training for conversion…) or a converted SNN to follow its conversion here.</source>
        <translation>打开一个量化 ANN（运行 ▸ 新建用于转换的 ANN 训练…）或转换后的 SNN，即可在此跟踪其转换。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1-bit ANN → S_UNet with T = %2&lt;/b&gt; (2^bit − 1 time steps; IF thresholds are the ANN&apos;s learnt clipping values)</source>
        <translation>&lt;b&gt;%1 位 ANN → S_UNet，T = %2&lt;/b&gt;（2^bit − 1 个时间步；IF 阈值为 ANN 学到的截断值）</translation>
    </message>
    <message>
        <source>&lt;b&gt;ANN → S_UNet&lt;/b&gt;</source>
        <translation>&lt;b&gt;ANN → S_UNet&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Quantized ANN</source>
        <translation>量化 ANN</translation>
    </message>
    <message>
        <source>%1 bits → T = %2</source>
        <translation>%1 位 → T = %2</translation>
    </message>
    <message>
        <source>Converted SNN</source>
        <translation>转换后的 SNN</translation>
    </message>
    <message>
        <source>IF neurons, T = %1</source>
        <translation>IF 神经元，T = %1</translation>
    </message>
    <message>
        <source>Fine-tuned SNN</source>
        <translation>微调后的 SNN</translation>
    </message>
</context>
<context>
    <name>sdm::studio::ConvertPresenter</name>
    <message>
        <source>converting</source>
        <translation>正在转换</translation>
    </message>
    <message>
        <source>Paused — Resume converts again.</source>
        <translation>已暂停 — 继续将重新转换。</translation>
    </message>
    <message>
        <source>ε relative error %1 at t = %2</source>
        <translation>t = %2 时 ε 相对误差 %1</translation>
    </message>
    <message>
        <source>Wrote %1&lt;br&gt;%2: %3</source>
        <translation>已写入 %1&lt;br&gt;%2：%3</translation>
    </message>
    <message>
        <source>t = %1: %2</source>
        <translation>t = %1：%2</translation>
    </message>
    <message>
        <source>&lt;br&gt;Conversion check on %1 N(0,1) inputs: time embedding (the first spiking layer) relative error %2; ε relative error %3</source>
        <translation>&lt;br&gt;在 %1 个 N(0,1) 输入上的转换检查：时间嵌入（第一个脉冲层）相对误差 %2；ε 相对误差 %3</translation>
    </message>
</context>
<context>
    <name>sdm::studio::EvalPresenter</name>
    <message>
        <source>loading the model and the classifier</source>
        <translation>正在加载模型和分类器</translation>
    </message>
    <message>
        <source>scoring %1 images</source>
        <translation>正在为 %1 张图像评分</translation>
    </message>
    <message>
        <source>sampling: evaluation %1 / %2 · ETA %3</source>
        <translation>采样：第 %1 / %2 次网络评估 · 预计剩余 %3</translation>
    </message>
    <message>
        <source>Paused — Resume evaluates from the start. %1</source>
        <translation>已暂停 — 继续将从头评估。%1</translation>
    </message>
    <message>
        <source>extractor: %1</source>
        <translation>特征提取器：%1</translation>
    </message>
    <message>
        <source>EMA weights</source>
        <translation>EMA 权重</translation>
    </message>
    <message>
        <source>raw weights</source>
        <translation>原始权重</translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation>种子 %1</translation>
    </message>
    <message>
        <source>IF threshold %1</source>
        <translation>IF 阈值 %1</translation>
    </message>
    <message>
        <source>KID = %1 ± %2</source>
        <translation>KID = %1 ± %2</translation>
    </message>
    <message>
        <source>IS analogue = %1 ± %2 · confident (p ≥ 0.5) %3 % · class entropy %4 / %5</source>
        <translation>IS 类比 = %1 ± %2 · 置信 (p ≥ 0.5) %3 % · 类别熵 %4 / %5</translation>
    </message>
    <message>
        <source>Appended to %1</source>
        <translation>已追加到 %1</translation>
    </message>
</context>
<context>
    <name>sdm::studio::ExportController</name>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>PNG 图像 (*.png);;PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>Image grid (PNG, torchvision layout)…</source>
        <translation>图像网格（PNG，torchvision 布局）…</translation>
    </message>
    <message>
        <source>All images of the last run, 8 per row, parameters inside</source>
        <translation>上次运行的全部图像，每行 8 张，内含参数</translation>
    </message>
    <message>
        <source>Export image grid</source>
        <translation>导出图像网格</translation>
    </message>
    <message>
        <source>Trajectory strips (x_t and x_0, PNG)…</source>
        <translation>轨迹条（x_t 与 x_0，PNG）…</translation>
    </message>
    <message>
        <source>One row per image, one column per diffusion step</source>
        <translation>每张图像一行，每个扩散步一列</translation>
    </message>
    <message>
        <source>Export trajectory strips</source>
        <translation>导出轨迹条</translation>
    </message>
    <message>
        <source>Labelled comparison grid (PNG)…</source>
        <translation>带标注的比较网格（PNG）…</translation>
    </message>
    <message>
        <source>The Compare grid with a legend, every cell&apos;s parameters inside</source>
        <translation>带图例的比较网格，内含每个单元格的参数</translation>
    </message>
    <message>
        <source>Export comparison grid</source>
        <translation>导出比较网格</translation>
    </message>
    <message>
        <source>Spike record (JSON)…</source>
        <translation>脉冲记录（JSON）…</translation>
    </message>
    <message>
        <source>Per layer and step: spike counts, rasters, membrane traces</source>
        <translation>按层和步：脉冲计数、栅格图、膜电位曲线</translation>
    </message>
    <message>
        <source>Export spike record</source>
        <translation>导出脉冲记录</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Firing rates (CSV)…</source>
        <translation>发放率（CSV）…</translation>
    </message>
    <message>
        <source>One row per diffusion step and layer</source>
        <translation>每个扩散步和层一行</translation>
    </message>
    <message>
        <source>Export firing rates</source>
        <translation>导出发放率</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Raster plot (PNG/PDF)…</source>
        <translation>栅格图（PNG/PDF）…</translation>
    </message>
    <message>
        <source>Export raster plot</source>
        <translation>导出栅格图</translation>
    </message>
    <message>
        <source>Firing-rate heatmap (PNG/PDF)…</source>
        <translation>发放率热图（PNG/PDF）…</translation>
    </message>
    <message>
        <source>Export heatmap</source>
        <translation>导出热图</translation>
    </message>
    <message>
        <source>Membrane trace (PNG/PDF)…</source>
        <translation>膜电位曲线（PNG/PDF）…</translation>
    </message>
    <message>
        <source>Export membrane trace</source>
        <translation>导出膜电位曲线</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Nothing to export yet: generate first.</source>
        <translation>暂无可导出的内容：请先生成。</translation>
    </message>
    <message>
        <source>Nothing to export yet: run a comparison first.</source>
        <translation>暂无可导出的内容：请先运行比较。</translation>
    </message>
    <message>
        <source>Nothing to export yet: generate with spike recording first.</source>
        <translation>暂无可导出的内容：请先在记录脉冲的情况下生成。</translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>Every PNG carries the generation parameters (checkpoint hash, solver, seeds, threshold) as PNG text, so an image can always be reproduced.</source>
        <translation>每个 PNG 都以 PNG 文本的形式携带生成参数（检查点哈希、求解器、种子、阈值），因此任何图像都可以复现。</translation>
    </message>
</context>
<context>
    <name>sdm::studio::GammaDialog</name>
    <message>
        <source>Make Gamma file</source>
        <translation>生成 Gamma 文件</translation>
    </message>
    <message>
        <source>Analytic-DPM needs Gamma_t = E‖ε(x_t, t)‖² / d at the %1 timesteps of the Generate panel&apos;s grid, estimated over training images. A cancelled job keeps the finished timesteps; Resume completes the file.</source>
        <translation>Analytic-DPM 需要在“生成”面板时间网格的 %1 个时间步上的 Gamma_t = E‖ε(x_t, t)‖² / d，通过训练图像估计。被取消的任务会保留已完成的时间步；“继续”会补全文件。</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Gamma file</source>
        <translation>Gamma 文件</translation>
    </message>
    <message>
        <source>Gamma files (*.pt *.pth);;All files (*)</source>
        <translation>Gamma 文件 (*.pt *.pth);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Output file</source>
        <translation>输出文件</translation>
    </message>
    <message>
        <source>Training images per timestep (Analytic-DPM uses a few thousand)</source>
        <translation>每个时间步使用的训练图像数（Analytic-DPM 使用数千张）</translation>
    </message>
    <message>
        <source>Samples per timestep</source>
        <translation>每个时间步的样本数</translation>
    </message>
</context>
<context>
    <name>sdm::studio::GammaPresenter</name>
    <message>
        <source>loading the model and the training images</source>
        <translation>正在加载模型和训练图像</translation>
    </message>
    <message>
        <source>timestep %1 / %2 · elapsed %3</source>
        <translation>时间步 %1 / %2 · 已用 %3</translation>
    </message>
    <message>
        <source>Paused — resume to complete the Gamma file. %1</source>
        <translation>已暂停 — 继续即可补全 Gamma 文件。%1</translation>
    </message>
    <message>
        <source>Cancelled after %1 of %2 timesteps; the file keeps them and Resume completes it.</source>
        <translation>已在完成 %2 个时间步中的 %1 个后取消；文件保留了这些结果，“继续”会将其补全。</translation>
    </message>
    <message>
        <source>%1 / %2 timesteps</source>
        <translation>%1 / %2 个时间步</translation>
    </message>
    <message>
        <source>Gamma file %1 — set as the Generate panel&apos;s Gamma file for analytic-dpm.</source>
        <translation>Gamma 文件 %1 — 已设为“生成”面板中 analytic-dpm 的 Gamma 文件。</translation>
    </message>
</context>
<context>
    <name>sdm::studio::GenerateController</name>
    <message>
        <source>No model loaded.

Open a checkpoint with File ▸ Open checkpoint… (Ctrl+O), drag a .pt file onto this window, or start the studio with --checkpoint FILE.</source>
        <translation>未加载模型。

请通过“文件 ▸ 打开检查点…”（Ctrl+O）打开检查点，将 .pt 文件拖到此窗口，或使用 --checkpoint FILE 启动工作室。</translation>
    </message>
    <message>
        <source>Open a checkpoint first.</source>
        <translation>请先打开一个检查点。</translation>
    </message>
    <message>
        <source>replaced by a newer request</source>
        <translation>已被更新的请求取代</translation>
    </message>
    <message>
        <source>Generating: %1</source>
        <translation>正在生成：%1</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>正在运行…</translation>
    </message>
    <message>
        <source>sample</source>
        <translation>采样</translation>
    </message>
    <message>
        <source>Cancelling… (stops after the current network evaluation)</source>
        <translation>正在取消…（当前网络评估结束后停止）</translation>
    </message>
    <message>
        <source>%1 is loaded.

Choose a solver and press Generate (Ctrl+Enter).</source>
        <translation>已加载 %1。

选择求解器并点击“生成”（Ctrl+Enter）。</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <source>Live: predicted x_0 after network evaluation %1 of %2 (t = %3) · %4</source>
        <translation>实时：第 %1 / %2 次网络评估后预测的 x_0（t = %3）· %4</translation>
    </message>
    <message>
        <source>Cancelled after %1 of %2 network evaluations: the latest predicted x_0 · %3</source>
        <translation>在 %1 / %2 次网络评估后取消：显示最新预测的 x_0 · %3</translation>
    </message>
    <message>
        <source>Cancelled after %1 of %2 network evaluations.</source>
        <translation>在 %1 / %2 次网络评估后取消。</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 · %2 network evaluations in %3 s</source>
        <translation>%1 · %2 次网络评估，用时 %3 秒</translation>
    </message>
    <message numerus="yes">
        <source>Done: %n image(s), first frame after %1 ms, all in %2 s.</source>
        <translation>
            <numerusform>完成：%n 张图像，首帧 %1 毫秒，全部 %2 秒。</numerusform>
        </translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Generation failed</source>
        <translation>生成失败</translation>
    </message>
    <message>
        <source>Choose Gamma file…</source>
        <translation>选择 Gamma 文件…</translation>
    </message>
    <message>
        <source>Choose a Gamma file for Analytic-DPM</source>
        <translation>为 Analytic-DPM 选择 Gamma 文件</translation>
    </message>
    <message>
        <source>Gamma files (*.pt *.pth);;All files (*)</source>
        <translation>Gamma 文件 (*.pt *.pth);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Make Gamma file…</source>
        <translation>生成 Gamma 文件…</translation>
    </message>
    <message>
        <source>The new choice of neurons applies to the next run.</source>
        <translation>新的神经元选择将在下一次运行时生效。</translation>
    </message>
</context>
<context>
    <name>sdm::studio::GeneratePanel</name>
    <message>
        <source>Measured: demo model FD %1 (exact %2); CIFAR-10 network (T = 4, batch 16) at %3× the original code&apos;s speed on an AVX-512 CPU.</source>
        <translation>实测：演示模型 FD %1（精确模式 %2）；CIFAR-10 网络（T = 4，批大小 16）在 AVX-512 CPU 上的速度为原始代码的 %3 倍。</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>The original code&apos;s arithmetic (fp32, NCHW): bit-identical to it.</source>
        <translation>原始代码的算术（fp32，NCHW）：与其逐位一致。</translation>
    </message>
    <message>
        <source>fp32, channels-last, BatchNorm folded into the convs, IF over all SNN steps in one loop: the same network up to rounding.</source>
        <translation>fp32、通道在后布局、BatchNorm 折叠进卷积、IF 在一个循环中跑完全部 SNN 时间步：除舍入外与原网络相同。</translation>
    </message>
    <message>
        <source>Spike-input convs in bf16 (spikes are exact; weights are rounded to 8 bits of mantissa); analog layers stay fp32.</source>
        <translation>脉冲输入的卷积用 bf16（脉冲精确；权重舍入到 8 位尾数）；模拟量层保持 fp32。</translation>
    </message>
    <message>
        <source>Spike-input convs as uint8 spikes × int8 weights (one scale per output channel); analog layers stay fp32.</source>
        <translation>脉冲输入的卷积用 uint8 脉冲 × int8 权重（每个输出通道一个缩放）；模拟量层保持 fp32。</translation>
    </message>
    <message>
        <source>Exact</source>
        <translation>精确</translation>
    </message>
    <message>
        <source>Fast (fp32)</source>
        <translation>快速（fp32）</translation>
    </message>
    <message>
        <source>bf16</source>
        <translation>bf16</translation>
    </message>
    <message>
        <source>int8</source>
        <translation>int8</translation>
    </message>
    <message>
        <source>Not available here: %1</source>
        <translation>此处不可用：%1</translation>
    </message>
    <message>
        <source>How the network is computed. Every image, comparison cell and score records it; docs/performance.md has each mode&apos;s measured speed and quality.</source>
        <translation>网络的计算方式。每张图像、每个比较单元和每个评分都会记录它；docs/performance.md 给出各模式实测的速度与质量。</translation>
    </message>
    <message>
        <source>DDPM (ancestral, every training timestep)</source>
        <translation>DDPM（祖先采样，遍历每个训练时间步）</translation>
    </message>
    <message>
        <source>DDPM, strided</source>
        <translation>DDPM（跨步）</translation>
    </message>
    <message>
        <source>DDIM</source>
        <translation>DDIM</translation>
    </message>
    <message>
        <source>Analytic-DPM</source>
        <translation>Analytic-DPM</translation>
    </message>
    <message>
        <source>DPM-Solver</source>
        <translation>DPM-Solver</translation>
    </message>
    <message>
        <source>DPM-Solver++</source>
        <translation>DPM-Solver++</translation>
    </message>
    <message>
        <source>Re-generate when a setting changes</source>
        <translation>设置改变时自动重新生成</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Diffusion steps of the sampler: how many network evaluations (NFE) it makes. Not the training timesteps, not the SNN time steps T.</source>
        <translation>采样器的扩散步数：即网络评估次数（NFE）。既不是训练时间步，也不是 SNN 时间步 T。</translation>
    </message>
    <message>
        <source>DDIM η: 0 is the original deterministic sampler, 1 is as noisy as DDPM</source>
        <translation>DDIM η：0 为原始的确定性采样器，1 时噪声与 DDPM 相同</translation>
    </message>
    <message>
        <source>multistep</source>
        <translation>多步</translation>
    </message>
    <message>
        <source>singlestep</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>singlestep, fixed order</source>
        <translation>单步，固定阶数</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Gamma file (sdm-cli gamma)</source>
        <translation>Gamma 文件（sdm-cli gamma）</translation>
    </message>
    <message>
        <source>Choose a Gamma file for Analytic-DPM</source>
        <translation>为 Analytic-DPM 选择 Gamma 文件</translation>
    </message>
    <message>
        <source>Gamma files (*.pt *.pth);;All files (*)</source>
        <translation>Gamma 文件 (*.pt *.pth);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Image i of the batch uses seed + i, so an image does not depend on the batch size</source>
        <translation>批次中的第 i 张图像使用种子 + i，因此图像与批大小无关</translation>
    </message>
    <message>
        <source>keep the seed</source>
        <translation>保持种子不变</translation>
    </message>
    <message>
        <source>next batch (seed + batch size)</source>
        <translation>下一批（种子 + 批大小）</translation>
    </message>
    <message>
        <source>random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新种子</translation>
    </message>
    <message>
        <source>Draw a random seed now</source>
        <translation>立即随机抽取一个种子</translation>
    </message>
    <message>
        <source>whole batch</source>
        <translation>整个批次</translation>
    </message>
    <message>
        <source>Images per network evaluation. 1: every image is independent of the batch. Whole batch: bit-identical to the original code&apos;s batched run.</source>
        <translation>每次网络评估处理的图像数。1：每张图像都与批次无关。整个批次：与原始代码的批量运行逐位一致。</translation>
    </message>
    <message>
        <source>Solver</source>
        <translation>求解器</translation>
    </message>
    <message>
        <source>Diffusion steps (NFE)</source>
        <translation>扩散步数（NFE）</translation>
    </message>
    <message>
        <source>DDIM η</source>
        <translation>DDIM η</translation>
    </message>
    <message>
        <source>DPM-Solver order</source>
        <translation>DPM-Solver 阶数</translation>
    </message>
    <message>
        <source>DPM-Solver method</source>
        <translation>DPM-Solver 方法</translation>
    </message>
    <message>
        <source>Time grid</source>
        <translation>时间网格</translation>
    </message>
    <message>
        <source>Gamma file</source>
        <translation>Gamma 文件</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>After each run</source>
        <translation>每次运行后</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Micro-batch</source>
        <translation>微批次</translation>
    </message>
    <message>
        <source>Generate (Ctrl+Enter); a new request replaces a running one</source>
        <translation>生成（Ctrl+Enter）；新的请求会取代正在运行的请求</translation>
    </message>
    <message>
        <source>Stop after the current network evaluation (Esc)</source>
        <translation>在当前网络评估结束后停止（Esc）</translation>
    </message>
    <message>
        <source>%v / %m network evaluations</source>
        <translation>%v / %m 次网络评估</translation>
    </message>
    <message>
        <source>uniform in time (default)</source>
        <translation>时间均匀（默认）</translation>
    </message>
    <message>
        <source>quadratic in time</source>
        <translation>时间二次</translation>
    </message>
    <message>
        <source>uniform in log-SNR</source>
        <translation>log-SNR 均匀</translation>
    </message>
    <message>
        <source>the original integer grid</source>
        <translation>原始整数网格</translation>
    </message>
    <message>
        <source>uniform (the original)</source>
        <translation>均匀（原始）</translation>
    </message>
    <message>
        <source>quadratic</source>
        <translation>二次</translation>
    </message>
    <message>
        <source>DDPM always runs the model&apos;s training timesteps (%1): %1 network evaluations.</source>
        <translation>DDPM 总是运行模型的全部训练时间步（%1）：%1 次网络评估。</translation>
    </message>
    <message numerus="yes">
        <source>%n network evaluation(s) (NFE)</source>
        <translation>
            <numerusform>%n 次网络评估（NFE）</numerusform>
        </translation>
    </message>
    <message>
        <source>Open a checkpoint to generate.</source>
        <translation>打开一个检查点即可生成。</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 s elapsed, about %2 s left</source>
        <translation>已用 %1 秒，约剩 %2 秒</translation>
    </message>
    <message>
        <source>Make…</source>
        <translation>生成…</translation>
    </message>
    <message>
        <source>Estimate a Gamma file for the loaded model and these steps (a job in the Jobs view)</source>
        <translation>为已加载的模型和这些步数估计 Gamma 文件（作为“任务”视图中的一个任务）</translation>
    </message>
    <message>
        <source>Re-derive ε from the clamped x̂₀</source>
        <translation>由截断后的 x̂₀ 重新推导 ε</translation>
    </message>
    <message>
        <source>Off: the original SDM sampler, which clamps x̂₀ to [−1, 1] but steps with the network&apos;s own ε. On: ε = (x_t − √ᾱ_t·x̂₀)/√(1−ᾱ_t) from the clamped x̂₀, as diffusers&apos; DDIMScheduler. Helps networks whose ε is imprecise at high noise (young SNNs).</source>
        <translation>关闭：原始 SDM 采样器，将 x̂₀ 截断到 [−1, 1]，但仍用网络自身的 ε 前进。开启：由截断后的 x̂₀ 计算 ε = (x_t − √ᾱ_t·x̂₀)/√(1−ᾱ_t)，与 diffusers 的 DDIMScheduler 相同。适用于高噪声下 ε 不够精确的网络（训练不足的 SNN）。</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
</context>
<context>
    <name>sdm::studio::JobDialog</name>
    <message>
        <source>New training</source>
        <translation>新建训练</translation>
    </message>
    <message>
        <source>New TSM finetune</source>
        <translation>新建 TSM 微调</translation>
    </message>
    <message>
        <source>Checkpoints, metrics.jsonl and sample grids go here; a folder that already holds a run is resumed</source>
        <translation>检查点、metrics.jsonl 和样本网格保存在这里；已有运行的文件夹会被继续训练</translation>
    </message>
    <message>
        <source>Run folder</source>
        <translation>运行文件夹</translation>
    </message>
    <message>
        <source>Spk_UNet checkpoint</source>
        <translation>Spk_UNet 检查点</translation>
    </message>
    <message>
        <source>Start from weights</source>
        <translation>起始权重</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>default: the Debian Fashion-MNIST package</source>
        <translation>默认：Debian 的 Fashion-MNIST 软件包</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>all images</source>
        <translation>全部图像</translation>
    </message>
    <message>
        <source>Use only the first N images</source>
        <translation>只使用前 N 张图像</translation>
    </message>
    <message>
        <source>Base channels (ch)</source>
        <translation>基础通道数 (ch)</translation>
    </message>
    <message>
        <source>Channel multipliers (ch_mult)</source>
        <translation>通道倍数 (ch_mult)</translation>
    </message>
    <message>
        <source>ResBlocks per level</source>
        <translation>每层 ResBlock 数</translation>
    </message>
    <message>
        <source>SNN time steps T</source>
        <translation>SNN 时间步 T</translation>
    </message>
    <message>
        <source>Image size</source>
        <translation>图像尺寸</translation>
    </message>
    <message>
        <source>Total steps</source>
        <translation>总步数</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>TSM learning rate</source>
        <translation>TSM 学习率</translation>
    </message>
    <message>
        <source>Warmup steps</source>
        <translation>预热步数</translation>
    </message>
    <message>
        <source>EMA copy of the weights</source>
        <translation>权重的 EMA 副本</translation>
    </message>
    <message>
        <source>EMA decay</source>
        <translation>EMA 衰减</translation>
    </message>
    <message>
        <source>Checkpoint every N steps</source>
        <translation>每 N 步保存检查点</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>Sample grid every N steps</source>
        <translation>每 N 步生成样本网格</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>off (constant)</source>
        <translation>关闭（恒定）</translation>
    </message>
    <message>
        <source>From this step the learning rate falls linearly to 0 at the last step: a cooldown that settles the weights of a short run.</source>
        <translation>从该步起学习率线性下降，到最后一步降为 0：这一冷却阶段可使短时训练的权重趋于稳定。</translation>
    </message>
    <message>
        <source>Learning-rate decay from step</source>
        <translation>学习率从该步开始衰减</translation>
    </message>
    <message>
        <source>New ANN training (ANN→SNN conversion)</source>
        <translation>新建 ANN 训练（ANN→SNN 转换）</translation>
    </message>
    <message>
        <source>Quantized ReLUs with 2^bit levels; the converted SNN runs 2^bit − 1 time steps (32: plain ReLU, not convertible)</source>
        <translation>量化 ReLU 共 2^bit 个电平；转换后的 SNN 运行 2^bit − 1 个时间步（32：普通 ReLU，不可转换）</translation>
    </message>
    <message>
        <source>Activation bits</source>
        <translation>激活位数</translation>
    </message>
    <message>
        <source>none: train from scratch</source>
        <translation>无：从头训练</translation>
    </message>
    <message>
        <source>Progressive bit schedule (Fast-SNN: 32 → 4 → 3 → 2 bits): the previous stage&apos;s run folder or checkpoint. Its architecture and weights are taken over; its clipping values too, or calibrated from the data when it had plain ReLUs.</source>
        <translation>渐进位宽计划（Fast-SNN：32 → 4 → 3 → 2 位）：上一阶段的运行文件夹或检查点。沿用其架构与权重；截断值也一并沿用，若上一阶段为普通 ReLU 则由数据校准。</translation>
    </message>
    <message>
        <source>Start from a previous stage</source>
        <translation>从上一阶段开始</translation>
    </message>
    <message>
        <source>Its weights</source>
        <translation>其权重</translation>
    </message>
</context>
<context>
    <name>sdm::studio::JobsController</name>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>&amp;Evaluate model…</source>
        <translation>评估模型(&amp;E)…</translation>
    </message>
    <message>
        <source>Offline scores (FD, KID, IS analogue) of the loaded model with the Generate panel&apos;s solver, steps and seed</source>
        <translation>用生成面板的求解器、步数和种子计算已加载模型的离线评分（FD、KID、IS 类比）</translation>
    </message>
    <message>
        <source>New TSM finetune</source>
        <translation>新建 TSM 微调</translation>
    </message>
    <message>
        <source>The loaded model is already a Spk_UNet_TSM. Open a plain Spk_UNet checkpoint to finetune it with TSM.</source>
        <translation>已加载的模型已经是 Spk_UNet_TSM。请打开普通的 Spk_UNet 检查点再用 TSM 微调。</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Open a checkpoint first.</source>
        <translation>请先打开一个检查点。</translation>
    </message>
    <message>
        <source>Number of generated images N (FD, KID and the IS analogue become reliable from about 1000):</source>
        <translation>生成图像数 N（FD、KID 和 IS 类比约从 1000 张起才可靠）：</translation>
    </message>
    <message>
        <source>Sampling or comparison run of this session</source>
        <translation>本次会话的采样或比较运行</translation>
    </message>
    <message>
        <source>Make &amp;Gamma file…</source>
        <translation>生成 &amp;Gamma 文件…</translation>
    </message>
    <message>
        <source>Estimate Analytic-DPM&apos;s Gamma file for the loaded model and the Generate panel&apos;s steps; when done it becomes the Generate panel&apos;s Gamma file</source>
        <translation>为已加载的模型和“生成”面板的步数估计 Analytic-DPM 的 Gamma 文件；完成后它将成为“生成”面板的 Gamma 文件</translation>
    </message>
    <message>
        <source>Make Gamma file</source>
        <translation>生成 Gamma 文件</translation>
    </message>
    <message>
        <source>&amp;Convert the loaded ANN to an SNN…</source>
        <translation>将已加载的 ANN 转换为 SNN(&amp;C)…</translation>
    </message>
    <message>
        <source>ANN→SNN conversion (SDM&apos;s ANN2SNN): IF neurons at the learnt clipping values, 2^bit − 1 time steps; opens the converted model when done</source>
        <translation>ANN→SNN 转换（SDM 的 ANN2SNN）：IF 神经元阈值取学到的截断值，2^bit − 1 个时间步；完成后打开转换后的模型</translation>
    </message>
    <message>
        <source>Write the converted SNN</source>
        <translation>写入转换后的 SNN</translation>
    </message>
    <message>
        <source>Checkpoints (*.pt)</source>
        <translation>检查点 (*.pt)</translation>
    </message>
</context>
<context>
    <name>sdm::studio::MainWindow</name>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Spiking Diffusion Studio</source>
        <translation>脉冲扩散工作室</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Spikes</source>
        <translation>脉冲</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Loaded into Generate: %1</source>
        <translation>已载入“生成”面板：%1</translation>
    </message>
    <message>
        <source>%1 — Spiking Diffusion Studio</source>
        <translation>%1 — 脉冲扩散工作室</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Open a checkpoint to begin (File ▸ Open checkpoint…, or drop a .pt file here).</source>
        <translation>打开一个检查点即可开始（文件 ▸ 打开检查点…，或将 .pt 文件拖到此处）。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open checkpoint…</source>
        <translation>打开检查点(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>Run &amp;comparison</source>
        <translation>运行比较(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>About Spiking Diffusion Studio</source>
        <translation>关于脉冲扩散工作室</translation>
    </message>
    <message>
        <source>&lt;b&gt;Spiking Diffusion Studio&lt;/b&gt; %1&lt;br&gt;Generate images with spiking diffusion models (SDDPM, SDM) and watch what their neurons do.&lt;br&gt;&lt;br&gt;Diffusion steps (NFE): network evaluations of a sampler. Training timesteps: the chain the model was trained on (1000). SNN time steps T: how often the spiking network runs per evaluation.</source>
        <translation>&lt;b&gt;脉冲扩散工作室&lt;/b&gt; %1&lt;br&gt;使用脉冲扩散模型（SDDPM、SDM）生成图像，并观察其神经元的活动。&lt;br&gt;&lt;br&gt;扩散步数（NFE）：采样器的网络评估次数。训练时间步：模型训练所用的扩散链长度（1000）。SNN 时间步 T：每次评估中脉冲网络运行的次数。</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The language changes when the studio starts again. Restart now?</source>
        <translation>语言将在工作室重新启动后生效。现在重新启动吗？</translation>
    </message>
    <message>
        <source>New &amp;training…</source>
        <translation>新建训练(&amp;T)…</translation>
    </message>
    <message>
        <source>New TSM &amp;finetune…</source>
        <translation>新建 TSM 微调(&amp;F)…</translation>
    </message>
    <message>
        <source>New &amp;ANN training for conversion…</source>
        <translation>新建用于转换的 &amp;ANN 训练…</translation>
    </message>
    <message>
        <source>Generate when the &amp;demo model opens</source>
        <translation>打开演示模型时自动生成(&amp;D)</translation>
    </message>
    <message>
        <source>Study</source>
        <translation>研究</translation>
    </message>
    <message>
        <source>Fine-tune the converted &amp;SNN…</source>
        <translation>微调转换后的 &amp;SNN…</translation>
    </message>
    <message>
        <source>ANN→SNN</source>
        <translation>ANN→SNN</translation>
    </message>
</context>
<context>
    <name>sdm::studio::ModelController</name>
    <message>
        <source>Open checkpoint</source>
        <translation>打开检查点</translation>
    </message>
    <message>
        <source>PyTorch checkpoints (*.pt *.pth *.ckpt);;All files (*)</source>
        <translation>PyTorch 检查点 (*.pt *.pth *.ckpt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Could not open %1:

%2</source>
        <translation>无法打开 %1：

%2</translation>
    </message>
    <message>
        <source>

The previous model (%1) stays loaded.</source>
        <translation>

之前的模型（%1）仍保持加载。</translation>
    </message>
    <message>
        <source>

No model is loaded.</source>
        <translation>

当前未加载任何模型。</translation>
    </message>
    <message>
        <source>Could not open checkpoint</source>
        <translation>无法打开检查点</translation>
    </message>
    <message>
        <source>(no recent checkpoints)</source>
        <translation>（没有最近打开的检查点）</translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>清空列表</translation>
    </message>
</context>
<context>
    <name>sdm::studio::ModelPanel</name>
    <message>
        <source>Open checkpoint…</source>
        <translation>打开检查点…</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>最近</translation>
    </message>
    <message>
        <source>EMA when present, else net</source>
        <translation>有 EMA 时用 EMA，否则用 net</translation>
    </message>
    <message>
        <source>net_model (raw weights)</source>
        <translation>net_model（原始权重）</translation>
    </message>
    <message>
        <source>ema_model (EMA weights)</source>
        <translation>ema_model（EMA 权重）</translation>
    </message>
    <message>
        <source>SNN time steps T: how often the spiking network is run per network evaluation. A plain Spk_UNet can run at any T; a TSM model is tied to the T it was trained with.</source>
        <translation>SNN 时间步 T：每次网络评估中脉冲网络运行的次数。普通 Spk_UNet 可以在任意 T 下运行；TSM 模型固定为训练时的 T。</translation>
    </message>
    <message>
        <source>IF firing threshold of every layer (threshold guidance); the models are trained at 1.0</source>
        <translation>每一层 IF 神经元的发放阈值（阈值引导）；模型训练时为 1.0</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>SNN time steps T</source>
        <translation>SNN 时间步 T</translation>
    </message>
    <message>
        <source>Threshold θ</source>
        <translation>阈值 θ</translation>
    </message>
    <message>
        <source>This checkpoint holds only %1</source>
        <translation>此检查点只包含 %1</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>This model&apos;s IF thresholds are its learnt clipping values (act_alpha)</source>
        <translation>此模型的 IF 阈值是其学到的截断值（act_alpha）</translation>
    </message>
</context>
<context>
    <name>sdm::studio::SnnFinetuneDialog</name>
    <message>
        <source>Fine-tune the converted SNN</source>
        <translation>微调转换后的 SNN</translation>
    </message>
    <message>
        <source>SDM&apos;s block-wise fine-tuning (SNN_ft.py): block by block, the SNN&apos;s output averaged over its T steps is matched to the quantized ANN&apos;s activations there. A cancelled run resumes from its ckpt.pt.</source>
        <translation>SDM 的逐块微调（SNN_ft.py）：逐块地将 SNN 在 T 个时间步上平均的输出与量化 ANN 在该处的激活对齐。取消的运行可从其 ckpt.pt 继续。</translation>
    </message>
    <message>
        <source>ckpt.pt, blocks/NN_&lt;block&gt;.pt, metrics.jsonl and finetuned_snn.pt go here; a folder that already holds a run is resumed</source>
        <translation>ckpt.pt、blocks/NN_&lt;block&gt;.pt、metrics.jsonl 和 finetuned_snn.pt 写入此处；已包含运行的文件夹将被继续</translation>
    </message>
    <message>
        <source>Run folder</source>
        <translation>运行文件夹</translation>
    </message>
    <message>
        <source>the train-ann checkpoint the SNN was converted from</source>
        <translation>SNN 所转换自的 train-ann 检查点</translation>
    </message>
    <message>
        <source>Quantized ANN</source>
        <translation>量化 ANN</translation>
    </message>
    <message>
        <source>Its weights</source>
        <translation>其权重</translation>
    </message>
    <message>
        <source>the converted S_UNet (Convert&apos;s output)</source>
        <translation>转换后的 S_UNet（转换的输出）</translation>
    </message>
    <message>
        <source>Converted SNN</source>
        <translation>转换后的 SNN</translation>
    </message>
    <message>
        <source>The time embedding and the head get one step, as the original</source>
        <translation>时间嵌入和头部只训练一步，与原始代码相同</translation>
    </message>
    <message>
        <source>Steps per block</source>
        <translation>每块步数</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Adam, a fresh one per block</source>
        <translation>Adam，每块一个新的优化器</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>The tuner (the block&apos;s ANN form) runs in training mode in the original, so its dropout masks the gradient; 0 turns that off</source>
        <translation>原始代码中调优器（该块的 ANN 形式）以训练模式运行，其 dropout 会遮蔽梯度；0 表示关闭</translation>
    </message>
    <message>
        <source>Tuner dropout</source>
        <translation>调优器 dropout</translation>
    </message>
    <message>
        <source>Clean images with t &lt; 2^bit − 1, as SNN_ft.py</source>
        <translation>干净图像且 t &lt; 2^bit − 1，与 SNN_ft.py 相同</translation>
    </message>
    <message>
        <source>Off: noised x_t with t over all diffusion steps — what the model sees when it samples</source>
        <translation>关闭：加噪的 x_t，t 覆盖所有扩散步 — 即模型采样时所见</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>default: the Debian Fashion-MNIST package</source>
        <translation>默认：Debian 的 Fashion-MNIST 软件包</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Choose the quantized ANN and its converted SNN.</source>
        <translation>请选择量化 ANN 及其转换后的 SNN。</translation>
    </message>
    <message>
        <source>%1 is not a file.</source>
        <translation>%1 不是文件。</translation>
    </message>
</context>
<context>
    <name>sdm::studio::SnnFinetunePresenter</name>
    <message>
        <source>block %1 / %2 (%3) · step %4 / %5 · loss %6 · elapsed %7</source>
        <translation>块 %1 / %2（%3）· 步 %4 / %5 · 损失 %6 · 已用 %7</translation>
    </message>
    <message>
        <source>loading the ANN, the SNN and the training images</source>
        <translation>正在加载 ANN、SNN 和训练图像</translation>
    </message>
    <message>
        <source>Paused — resume to continue from the run&apos;s ckpt.pt. %1</source>
        <translation>已暂停 — 继续将从该运行的 ckpt.pt 接着进行。%1</translation>
    </message>
    <message>
        <source>Cancelled at step %1; Resume continues from %2. %3</source>
        <translation>已在第 %1 步取消；继续将从 %2 接着进行。%3</translation>
    </message>
    <message>
        <source>the run&apos;s ckpt.pt</source>
        <translation>该运行的 ckpt.pt</translation>
    </message>
    <message>
        <source>All %1 blocks tuned in %2</source>
        <translation>全部 %1 个块已在 %2 内调优</translation>
    </message>
    <message>
        <source>block %1 / %2 · loss %3</source>
        <translation>块 %1 / %2 · 损失 %3</translation>
    </message>
    <message>
        <source>Fine-tuned SNN: %1 — open it to generate, compare it with the converted model, or evaluate it. Each block&apos;s model is in %2.</source>
        <translation>微调后的 SNN：%1 — 打开即可生成、与转换后的模型比较或评估。每个块的模型位于 %2。</translation>
    </message>
</context>
<context>
    <name>sdm::studio::StudyController</name>
    <message>
        <source>Could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>&amp;Study…</source>
        <translation>研究(&amp;S)…</translation>
    </message>
    <message>
        <source>Open s&amp;tudy…</source>
        <translation>打开研究(&amp;T)…</translation>
    </message>
    <message>
        <source>Score every combination of models, solvers, step counts, IF thresholds and precisions (FD, KID, IS analogue, time and energy per image) as a job</source>
        <translation>以作业形式为模型、求解器、步数、IF 阈值和精度的每种组合评分（FD、KID、IS 类比、每张图像的时间和能耗）</translation>
    </message>
    <message>
        <source>Show a study folder (study.json) in the Study view</source>
        <translation>在研究视图中显示研究文件夹（study.json）</translation>
    </message>
    <message>
        <source>Open study folder</source>
        <translation>打开研究文件夹</translation>
    </message>
    <message>
        <source>Open study</source>
        <translation>打开研究</translation>
    </message>
    <message>
        <source>Export study table</source>
        <translation>导出研究表</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export plot</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>PDF document (*.pdf);;PNG image (*.png)</source>
        <translation>PDF 文档 (*.pdf);;PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Export study report</source>
        <translation>导出研究报告</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>%1 holds no study table</source>
        <translation>%1 中没有研究表</translation>
    </message>
    <message>
        <source>No study is shown.</source>
        <translation>未显示任何研究。</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
</context>
<context>
    <name>sdm::studio::StudyDialog</name>
    <message>
        <source>KID (needs the real test images)</source>
        <translation>KID（需要真实测试图像）</translation>
    </message>
    <message>
        <source>New study</source>
        <translation>新建研究</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Add models</source>
        <translation>添加模型</translation>
    </message>
    <message>
        <source>Checkpoints (*.pt *.pth)</source>
        <translation>检查点 (*.pt *.pth)</translation>
    </message>
    <message>
        <source>Comma-separated diffusion step counts, e.g. 5, 10, 20, 50</source>
        <translation>以逗号分隔的扩散步数，例如 5, 10, 20, 50</translation>
    </message>
    <message>
        <source>Comma-separated IF thresholds θ (1: as trained; SDM&apos;s threshold guidance uses slightly less, e.g. 0.997)</source>
        <translation>以逗号分隔的 IF 阈值 θ（1：与训练时相同；SDM 的阈值引导使用略小的值，例如 0.997）</translation>
    </message>
    <message>
        <source>Images per cell (FD becomes reliable from about 1000)</source>
        <translation>每个单元格的图像数（约 1000 张起 FD 才可靠）</translation>
    </message>
    <message>
        <source>Image i of every cell starts from seed + i</source>
        <translation>每个单元格的第 i 张图像从种子 + i 开始</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Study folder</source>
        <translation>研究文件夹</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Solvers</source>
        <translation>求解器</translation>
    </message>
    <message>
        <source>Diffusion steps</source>
        <translation>扩散步数</translation>
    </message>
    <message>
        <source>IF thresholds θ</source>
        <translation>IF 阈值 θ</translation>
    </message>
    <message>
        <source>Precisions</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Images per cell N</source>
        <translation>每个单元格的图像数 N</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message numerus="yes">
        <source>%n cell(s)</source>
        <translation>
            <numerusform>%n 个单元格</numerusform>
        </translation>
    </message>
    <message>
        <source>Add at least one model.</source>
        <translation>请至少添加一个模型。</translation>
    </message>
    <message>
        <source>No such checkpoint: %1</source>
        <translation>检查点不存在：%1</translation>
    </message>
    <message>
        <source>Choose at least one solver.</source>
        <translation>请至少选择一个求解器。</translation>
    </message>
    <message>
        <source>Diffusion steps: &apos;%1&apos; is not a whole number from 1 to 100000.</source>
        <translation>扩散步数：“%1”不是 1 到 100000 之间的整数。</translation>
    </message>
    <message>
        <source>Give at least one diffusion step count.</source>
        <translation>请至少给出一个扩散步数。</translation>
    </message>
    <message>
        <source>IF thresholds: &apos;%1&apos; is not a number in (0, 10].</source>
        <translation>IF 阈值：“%1”不是 (0, 10] 内的数。</translation>
    </message>
    <message>
        <source>Give at least one IF threshold.</source>
        <translation>请至少给出一个 IF 阈值。</translation>
    </message>
    <message>
        <source>Choose at least one precision.</source>
        <translation>请至少选择一种精度。</translation>
    </message>
    <message>
        <source>Choose an output folder.</source>
        <translation>请选择输出文件夹。</translation>
    </message>
    <message>
        <source>More than 10000 cells: narrow an axis.</source>
        <translation>超过 10000 个单元格：请缩小某个轴的范围。</translation>
    </message>
</context>
<context>
    <name>sdm::studio::StudyPresenter</name>
    <message>
        <source>Stopped after %1 of %2 cells; the table keeps them and Resume runs the rest.</source>
        <translation>在 %2 个单元格中的 %1 个之后停止；表格保留它们，“继续”会运行其余单元格。</translation>
    </message>
    <message>
        <source>%1 cells scored</source>
        <translation>已评分 %1 个单元格</translation>
    </message>
    <message>
        <source>cell %1 / %2 · elapsed %3</source>
        <translation>单元格 %1 / %2 · 已用 %3</translation>
    </message>
    <message>
        <source>cell %1 / %2 · %3 · elapsed %4</source>
        <translation>单元格 %1 / %2 · %3 · 已用 %4</translation>
    </message>
    <message>
        <source>%1 / %2 cells</source>
        <translation>%1 / %2 个单元格</translation>
    </message>
    <message>
        <source>Study table %1/study.json — shown in the Study tab.</source>
        <translation>研究表 %1/study.json — 显示在“研究”标签页中。</translation>
    </message>
</context>
<context>
    <name>sdm::studio::TrainingPresenter</name>
    <message>
        <source>step %1 / %2 · loss %3 · %4 img/s · elapsed %5</source>
        <translation>第 %1 / %2 步 · 损失 %3 · %4 图/秒 · 已用 %5</translation>
    </message>
    <message>
        <source>Paused — resume to continue from the newest checkpoint. %1</source>
        <translation>已暂停 — 继续将从最新的检查点接着运行。%1</translation>
    </message>
    <message>
        <source>Cancelled at step %1 (checkpoint %2). %3</source>
        <translation>已在第 %1 步取消（检查点 %2）。%3</translation>
    </message>
    <message>
        <source>loss %1 at step %2</source>
        <translation>第 %2 步损失 %1</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::CompareGridView</name>
    <message>
        <source>running…</source>
        <translation>运行中…</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::ConversionView</name>
    <message>
        <source>Convert the ANN…</source>
        <translation>转换 ANN…</translation>
    </message>
    <message>
        <source>Fine-tune the SNN…</source>
        <translation>微调 SNN…</translation>
    </message>
    <message>
        <source>Evaluate selected…</source>
        <translation>评估所选…</translation>
    </message>
    <message>
        <source>Open selected</source>
        <translation>打开所选</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Bits → T · check · tuning</source>
        <translation>位宽 → T · 检查 · 微调</translation>
    </message>
    <message>
        <source>FD</source>
        <translation>FD</translation>
    </message>
    <message>
        <source>KID</source>
        <translation>KID</translation>
    </message>
    <message>
        <source>IS analogue</source>
        <translation>IS 类比</translation>
    </message>
    <message>
        <source>Confident</source>
        <translation>置信</translation>
    </message>
    <message>
        <source>Class entropy</source>
        <translation>类别熵</translation>
    </message>
    <message>
        <source>Scored with</source>
        <translation>评分设置</translation>
    </message>
    <message>
        <source>IF neurons at the ANN&apos;s learnt clipping values, 2^bit − 1 steps</source>
        <translation>IF 神经元取 ANN 学到的截断值，2^bit − 1 步</translation>
    </message>
    <message>
        <source>SDM&apos;s block-wise fine-tuning of the converted SNN against the ANN</source>
        <translation>SDM 针对 ANN 对转换后 SNN 的逐块微调</translation>
    </message>
    <message>
        <source>Scores of the selected model with the Generate panel&apos;s solver, steps and seed</source>
        <translation>用生成面板的求解器、步数和种子为所选模型评分</translation>
    </message>
    <message>
        <source>%1 (not yet)</source>
        <translation>%1（尚无）</translation>
    </message>
    <message>
        <source>N = %1 · %2</source>
        <translation>N = %1 · %2</translation>
    </message>
    <message>
        <source>not evaluated</source>
        <translation>未评估</translation>
    </message>
    <message>
        <source>Evaluate at least two of the models (same N, solver, steps and seed) to compare them here.</source>
        <translation>至少评估其中两个模型（相同的 N、求解器、步数和种子）即可在此比较。</translation>
    </message>
    <message>
        <source>The scores were made with different settings (N, solver, steps, seed or extractor): evaluate them alike to compare.</source>
        <translation>这些分数的设置不同（N、求解器、步数、种子或特征提取器）：请以相同设置评估后再比较。</translation>
    </message>
    <message>
        <source>%1 → %2: FD %3 → %4 (%5)</source>
        <translation>%1 → %2：FD %3 → %4（%5）</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::EnergyView</name>
    <message>
        <source>SNN</source>
        <translation>SNN</translation>
    </message>
    <message>
        <source>ANN</source>
        <translation>ANN</translation>
    </message>
    <message>
        <source>ratio</source>
        <translation>比值</translation>
    </message>
    <message>
        <source>ops</source>
        <translation>运算数</translation>
    </message>
    <message>
        <source>ANN baseline: the same U-Net without spikes</source>
        <translation>ANN 基线：不带脉冲的同一 U-Net</translation>
    </message>
    <message>
        <source>SNN energy / ANN energy</source>
        <translation>SNN 能耗 / ANN 能耗</translation>
    </message>
    <message>
        <source>Synaptic operations (SOPs) plus multiply-accumulates (MACs)</source>
        <translation>突触运算（SOPs）加乘累加运算（MACs）</translation>
    </message>
    <message>
        <source>One network evaluation of one image at the chosen diffusion step</source>
        <translation>所选扩散步上一张图像的一次网络评估</translation>
    </message>
    <message>
        <source>Every network evaluation of one image</source>
        <translation>一张图像的全部网络评估</translation>
    </message>
    <message>
        <source>Every network evaluation of every image of the run</source>
        <translation>本次运行中所有图像的全部网络评估</translation>
    </message>
    <message>
        <source>&lt;b&gt;Energy estimate&lt;/b&gt;</source>
        <translation>&lt;b&gt;能耗估计&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Compute only: SOPs × E_AC for layers fed by spikes, MACs × E_MAC for layers fed by analog values. ANN baseline: the same U-Net without spikes, every layer dense, once.</source>
        <translation>仅计算部分：以脉冲为输入的层按 SOPs × E_AC 计，以模拟值为输入的层按 MACs × E_MAC 计。ANN 基线：不带脉冲的同一 U-Net，每层稠密计算一次。</translation>
    </message>
    <message>
        <source>one network evaluation of one image at the chosen diffusion step</source>
        <translation>所选扩散步上一张图像的一次网络评估</translation>
    </message>
    <message numerus="yes">
        <source>%n network evaluation(s) of one image</source>
        <translation>
            <numerusform>一张图像的 %n 次网络评估</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n 张图像</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Costs: %1 (E_MAC %2 pJ, E_AC %3 pJ). Run: %n image(s).</source>
        <translation>
            <numerusform>成本：%1（E_MAC %2 pJ，E_AC %3 pJ）。本次运行：%n 张图像。</numerusform>
        </translation>
    </message>
    <message>
        <source>Step, 1 image</source>
        <translation>本步,1 张图像</translation>
    </message>
    <message>
        <source>Run, 1 image</source>
        <translation>整次运行,1 张图像</translation>
    </message>
    <message>
        <source>Run, all</source>
        <translation>整次运行,全部</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::ImagesPage</name>
    <message>
        <source>Zoom ×</source>
        <translation>缩放 ×</translation>
    </message>
    <message>
        <source>Nearest-neighbour zoom of the images (Ctrl + mouse wheel on the grid)</source>
        <translation>图像的最近邻缩放（在网格上按住 Ctrl 并滚动鼠标滚轮）</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::JobListModel</name>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>paused — resume</source>
        <translation>已暂停 — 可继续</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::JobsView</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Open run folder</source>
        <translation>打开运行文件夹</translation>
    </message>
    <message>
        <source>Evaluate model…</source>
        <translation>评估模型…</translation>
    </message>
    <message>
        <source>New training…</source>
        <translation>新建训练…</translation>
    </message>
    <message>
        <source>New TSM finetune…</source>
        <translation>新建 TSM 微调…</translation>
    </message>
    <message>
        <source>Finetune the loaded Spk_UNet as Spk_UNet_TSM</source>
        <translation>将已加载的 Spk_UNet 微调为 Spk_UNet_TSM</translation>
    </message>
    <message>
        <source>Offline scores (FD, KID, IS analogue) of the loaded model with the Generate panel&apos;s solver, steps and seed</source>
        <translation>用生成面板的求解器、步数和种子计算已加载模型的离线评分（FD、KID、IS 类比）</translation>
    </message>
    <message>
        <source>No sample grid yet</source>
        <translation>尚无样本网格</translation>
    </message>
    <message>
        <source>Sample grids of the run, by training step</source>
        <translation>本次运行的样本网格，按训练步排列</translation>
    </message>
    <message>
        <source>Select a job to see its progress.</source>
        <translation>选择一个任务以查看其进度。</translation>
    </message>
    <message>
        <source>Cannot read %1</source>
        <translation>无法读取 %1</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <source>Make Gamma file…</source>
        <translation>生成 Gamma 文件…</translation>
    </message>
    <message>
        <source>Estimate Analytic-DPM&apos;s Gamma file for the loaded model and the Generate panel&apos;s steps</source>
        <translation>为已加载的模型和“生成”面板的步数估计 Analytic-DPM 的 Gamma 文件</translation>
    </message>
    <message>
        <source>Remove from list</source>
        <translation>从列表中移除</translation>
    </message>
    <message>
        <source>Forget this job; its run folder, checkpoints and results stay on disk</source>
        <translation>移除此任务记录；其运行文件夹、检查点和结果仍保留在磁盘上</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::LayerPicker</name>
    <message>
        <source>Stem · %1</source>
        <translation>主干 · %1</translation>
    </message>
    <message>
        <source>Down path · %1</source>
        <translation>下采样路径 · %1</translation>
    </message>
    <message>
        <source>Middle · %1</source>
        <translation>中间 · %1</translation>
    </message>
    <message>
        <source>Up path · %1</source>
        <translation>上采样路径 · %1</translation>
    </message>
    <message>
        <source>Tail · %1</source>
        <translation>尾部 · %1</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::LogView</name>
    <message>
        <source>Messages of the core (model loading, runs, warnings) appear here.</source>
        <translation>核心的消息（模型加载、运行、警告）显示在这里。</translation>
    </message>
    <message>
        <source>debug and above</source>
        <translation>调试及以上</translation>
    </message>
    <message>
        <source>info and above</source>
        <translation>信息及以上</translation>
    </message>
    <message>
        <source>warnings and errors</source>
        <translation>警告和错误</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::LossPlot</name>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation>平滑后</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Exponential smoothing of the loss curve (0: raw)</source>
        <translation>损失曲线的指数平滑（0：原始值）</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>log scale</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <source>Logarithmic loss axis (on by itself for losses in blocks of their own scale)</source>
        <translation>损失轴取对数（各块损失量级不同时自动开启）</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::MembraneView</name>
    <message>
        <source>Membrane potential</source>
        <translation>膜电位</translation>
    </message>
    <message>
        <source>SNN time step t</source>
        <translation>SNN 时间步 t</translation>
    </message>
    <message>
        <source>spike</source>
        <translation>脉冲</translation>
    </message>
    <message>
        <source>neuron %1</source>
        <translation>神经元 %1</translation>
    </message>
    <message>
        <source>Membrane potential, threshold θ = %1</source>
        <translation>膜电位，阈值 θ = %1</translation>
    </message>
    <message>
        <source>V before reset</source>
        <translation>复位前电位 V</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::ModelInfoView</name>
    <message>
        <source>default; the file does not store it</source>
        <translation>默认值；文件中未存储</translation>
    </message>
    <message>
        <source>from the checkpoint</source>
        <translation>来自检查点</translation>
    </message>
    <message>
        <source>from the studio&apos;s metadata in the file</source>
        <translation>来自文件中的工作室元数据</translation>
    </message>
    <message>
        <source>from flagfile.txt beside the checkpoint</source>
        <translation>来自检查点旁的 flagfile.txt</translation>
    </message>
    <message>
        <source>chosen by you</source>
        <translation>由您选择</translation>
    </message>
    <message>
        <source>No model loaded.

Open a checkpoint (.pt, as written by the SDDPM / SDM training scripts) with File ▸ Open checkpoint…, drag it onto this window, or start the studio with --checkpoint FILE.</source>
        <translation>未加载模型。

请通过“文件 ▸ 打开检查点…”打开检查点（由 SDDPM / SDM 训练脚本写出的 .pt 文件），将其拖到此窗口，或使用 --checkpoint FILE 启动工作室。</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Weights in the file</source>
        <translation>文件中的权重</translation>
    </message>
    <message>
        <source>Loaded weights</source>
        <translation>已加载的权重</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>SNN time steps T</source>
        <translation>SNN 时间步 T</translation>
    </message>
    <message>
        <source>Training timesteps</source>
        <translation>训练时间步</translation>
    </message>
    <message>
        <source>IF layers</source>
        <translation>IF 层</translation>
    </message>
    <message>
        <source>Dense cost</source>
        <translation>稠密计算量</translation>
    </message>
    <message>
        <source>Training step</source>
        <translation>训练步数</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>%1: ch %2, ch_mult [%3], %4 res block(s) per level, %5 image channel(s), %6×%6</source>
        <translation>%1：ch %2，ch_mult [%3]，每层 %4 个残差块，%5 个图像通道，%6×%6</translation>
    </message>
    <message>
        <source>net_model</source>
        <translation>net_model</translation>
    </message>
    <message>
        <source>ema_model (EMA)</source>
        <translation>ema_model（EMA）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>%1 (%2 tensors)</source>
        <translation>%1（%2 个张量）</translation>
    </message>
    <message>
        <source>%1 (%2)%3</source>
        <translation>%1（%2）%3</translation>
    </message>
    <message>
        <source>; free to change</source>
        <translation>；可以更改</translation>
    </message>
    <message>
        <source>; fixed by the TSM weights</source>
        <translation>；由 TSM 权重固定</translation>
    </message>
    <message>
        <source>%1 (the diffusion chain the model was trained on)</source>
        <translation>%1（模型训练所用的扩散链）</translation>
    </message>
    <message>
        <source>%1 GFLOP per image per network evaluation (dense, all SNN time steps)</source>
        <translation>每张图像每次网络评估 %1 GFLOP（稠密，含全部 SNN 时间步）</translation>
    </message>
    <message>
        <source>not stored</source>
        <translation>未存储</translation>
    </message>
    <message>
        <source>none: an ANN (convert it to spike)</source>
        <translation>无：这是 ANN（转换后才会发放脉冲）</translation>
    </message>
    <message>
        <source>not estimated for this model</source>
        <translation>此模型未作估计</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::RateHeatmapView</name>
    <message>
        <source>Firing rate per layer and diffusion step</source>
        <translation>各层在各扩散步的发放率</translation>
    </message>
    <message>
        <source>firing rate</source>
        <translation>发放率</translation>
    </message>
    <message>
        <source>diffusion step (network evaluation, first = noisiest)</source>
        <translation>扩散步（网络评估，第一步噪声最大）</translation>
    </message>
    <message>
        <source>IF layer</source>
        <translation>IF 层</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::SpikeRasterView</name>
    <message>
        <source>Spike raster</source>
        <translation>脉冲栅格图</translation>
    </message>
    <message>
        <source>Spike raster — generate to record spikes</source>
        <translation>脉冲栅格图 — 生成后即可记录脉冲</translation>
    </message>
    <message>
        <source>Whole run</source>
        <translation>整次运行</translation>
    </message>
    <message>
        <source>One diffusion step</source>
        <translation>单个扩散步</translation>
    </message>
    <message>
        <source>Whole run: every SNN time step of every diffusion step, side by side (wheel: zoom, drag: pan). One diffusion step: the same plot zoomed to the current step.</source>
        <translation>整次运行:每个扩散步的每个 SNN 时间步并排显示(滚轮缩放,拖动平移)。单个扩散步:同一张图放大到当前步。</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应</translation>
    </message>
    <message>
        <source>Show the whole run</source>
        <translation>显示整次运行</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save this raster as PNG or PDF</source>
        <translation>将此脉冲栅格图保存为 PNG 或 PDF</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>neuron (of those followed)</source>
        <translation>神经元(所跟踪的)</translation>
    </message>
    <message>
        <source>%1: %2 of %3 neurons, %4 spikes</source>
        <translation>%1:%3 个神经元中的 %2 个,%4 个脉冲</translation>
    </message>
    <message>
        <source>SNN time over the run (diffusion step %1 of %2: time steps %3 … %4)</source>
        <translation>整次运行的 SNN 时间(扩散步 %1 / %2:时间步 %3 … %4)</translation>
    </message>
    <message>
        <source>SNN time over the run (diffusion step k covers k·T … k·T + T − 1, T = %1)</source>
        <translation>整次运行的 SNN 时间(扩散步 k 占 k·T … k·T + T − 1,T = %1)</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::SpikesPage</name>
    <message>
        <source>IF layer</source>
        <translation>IF 层</translation>
    </message>
    <message>
        <source>Energy costs</source>
        <translation>能耗成本</translation>
    </message>
    <message>
        <source>45 nm FP32</source>
        <translation>45 nm FP32</translation>
    </message>
    <message>
        <source>45 nm FP16</source>
        <translation>45 nm FP16</translation>
    </message>
    <message>
        <source>45 nm INT8</source>
        <translation>45 nm INT8</translation>
    </message>
    <message>
        <source>Diffusion step</source>
        <translation>扩散步</translation>
    </message>
    <message>
        <source>Scrub the diffusion steps: raster, membrane traces and energy follow</source>
        <translation>拖动以浏览扩散步：栅格图、膜电位曲线和能耗随之更新</translation>
    </message>
    <message>
        <source>%1 of %2 · t = %3</source>
        <translation>第 %1 / %2 步 · t = %3</translation>
    </message>
    <message>
        <source>no run yet</source>
        <translation>尚未运行</translation>
    </message>
    <message>
        <source>Spike raster — open a checkpoint and generate</source>
        <translation>脉冲栅格图 — 请打开检查点并生成</translation>
    </message>
    <message>
        <source>c%1 y%2 x%3</source>
        <translation>c%1 y%2 x%3</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>The image of the batch whose spikes the raster and traces follow</source>
        <translation>栅格图和膜电位曲线所跟踪的批次中的图像</translation>
    </message>
    <message>
        <source>Neurons</source>
        <translation>神经元</translation>
    </message>
    <message>
        <source>random sample</source>
        <translation>随机抽样</translation>
    </message>
    <message>
        <source>most active</source>
        <translation>最活跃</translation>
    </message>
    <message>
        <source>one channel</source>
        <translation>单个通道</translation>
    </message>
    <message>
        <source>Which neurons of each layer the raster follows: 256 chosen at random (seeded, the same at every step), the 256 that fired most in the last run, or every neuron of one channel. A new choice records the last run again.</source>
        <translation>栅格图跟踪每层的哪些神经元:随机选取的 256 个(带种子,每步相同)、上次运行中发放最多的 256 个,或某个通道的全部神经元。更改选择会重新记录上次运行。</translation>
    </message>
    <message>
        <source>c </source>
        <translation>通道 </translation>
    </message>
    <message>
        <source>The channel followed in every layer that has it</source>
        <translation>在具有该通道的每一层中跟踪的通道</translation>
    </message>
    <message>
        <source>Membrane potential</source>
        <translation>膜电位</translation>
    </message>
    <message>
        <source>Energy estimate</source>
        <translation>能耗估计</translation>
    </message>
    <message>
        <source>%1 · image %2 · %3</source>
        <translation>%1 · 图像 %2 · %3</translation>
    </message>
    <message>
        <source>seeded random</source>
        <translation>带种子随机</translation>
    </message>
    <message>
        <source>channel %1</source>
        <translation>通道 %1</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::StudyView</name>
    <message>
        <source>Load settings into Generate</source>
        <translation>将设置载入“生成”</translation>
    </message>
    <message>
        <source>Table CSV…</source>
        <translation>表格 CSV…</translation>
    </message>
    <message>
        <source>The study table as CSV (study.csv)</source>
        <translation>研究表的 CSV（study.csv）</translation>
    </message>
    <message>
        <source>FD–NFE plot…</source>
        <translation>FD–NFE 图…</translation>
    </message>
    <message>
        <source>The FD against NFE plot as PNG or PDF</source>
        <translation>FD 对 NFE 的图，PNG 或 PDF</translation>
    </message>
    <message>
        <source>FD–energy plot…</source>
        <translation>FD–能耗图…</translation>
    </message>
    <message>
        <source>The FD against energy plot as PNG or PDF</source>
        <translation>FD 对能耗的图，PNG 或 PDF</translation>
    </message>
    <message>
        <source>Report PNG…</source>
        <translation>报告 PNG…</translation>
    </message>
    <message>
        <source>One page: both plots and every parameter of the study</source>
        <translation>一页：两张图以及研究的全部参数</translation>
    </message>
    <message>
        <source>network evaluations (NFE, log scale)</source>
        <translation>网络评估次数（NFE，对数坐标）</translation>
    </message>
    <message>
        <source>energy per image (mJ)</source>
        <translation>每张图像能耗（mJ）</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>表格</translation>
    </message>
    <message>
        <source>Heat table</source>
        <translation>热力表</translation>
    </message>
    <message>
        <source>Set the Generate panel&apos;s solver, steps, θ, precision and seed to this cell&apos;s (and open its checkpoint when another one is loaded)</source>
        <translation>将“生成”面板的求解器、步数、θ、精度和种子设为此单元格的值（若加载的是另一个检查点，则先打开此单元格的检查点）</translation>
    </message>
    <message>
        <source>No study shown. Run ▸ Study… sweeps solvers, steps, thresholds and precisions; File ▸ Open study… shows a study folder.</source>
        <translation>未显示研究。运行 ▸ 研究… 会遍历求解器、步数、阈值和精度；文件 ▸ 打开研究… 会显示一个研究文件夹。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Study&lt;/b&gt; %1 — %2 of %3 cells scored, N %4 images per cell</source>
        <translation>&lt;b&gt;研究&lt;/b&gt; %1 — 已评分 %2 / %3 个单元格，每个单元格 N %4 张图像</translation>
    </message>
    <message>
        <source>Pareto front (lowest FD for its energy)</source>
        <translation>帕累托前沿（该能耗下最低的 FD）</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>solver</source>
        <translation>求解器</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>θ</source>
        <translation>θ</translation>
    </message>
    <message>
        <source>prec.</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>NFE</source>
        <translation>NFE</translation>
    </message>
    <message>
        <source>FD</source>
        <translation>FD</translation>
    </message>
    <message>
        <source>KID</source>
        <translation>KID</translation>
    </message>
    <message>
        <source>IS</source>
        <translation>IS</translation>
    </message>
    <message>
        <source>s/image</source>
        <translation>秒/图像</translation>
    </message>
    <message>
        <source>mJ/image</source>
        <translation>mJ/图像</translation>
    </message>
    <message numerus="yes">
        <source>The heat table needs exactly two axes that vary; this study varies %n.</source>
        <translation>
            <numerusform>热力表需要恰好两个变化的轴；此研究变化的轴有 %n 个。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 by row, %2 by column; colour: %3 from low (green) to high (red)</source>
        <translation>行：%1，列：%2；颜色：%3 从低（绿）到高（红）</translation>
    </message>
    <message>
        <source>Click a point or a row to see that cell&apos;s images.</source>
        <translation>点击一个点或一行以查看该单元格的图像。</translation>
    </message>
    <message>
        <source>(no grid image)</source>
        <translation>（无网格图像）</translation>
    </message>
    <message>
        <source>NFE %1 · %2 = %3</source>
        <translation>NFE %1 · %2 = %3</translation>
    </message>
    <message>
        <source>KID %1 ± %2</source>
        <translation>KID %1 ± %2</translation>
    </message>
    <message>
        <source>IS analogue %1 · class entropy %2</source>
        <translation>IS 类比 %1 · 类别熵 %2</translation>
    </message>
    <message>
        <source>%1 s per image · %2 mJ per image (ANN %3 mJ)</source>
        <translation>每张图像 %1 秒 · 每张图像 %2 mJ（ANN %3 mJ）</translation>
    </message>
    <message>
        <source>Study %1 — %2 of %3 cells scored</source>
        <translation>研究 %1 — 已评分 %2 / %3 个单元格</translation>
    </message>
    <message>
        <source>Every parameter of the study (its fingerprint: models, axes, N, seed, weights, solver extras)</source>
        <translation>研究的全部参数（其指纹：模型、各轴、N、种子、权重、求解器附加选项）</translation>
    </message>
</context>
<context>
    <name>sdm::widgets::TrajectoryView</name>
    <message>
        <source>Scrub through the diffusion steps (network evaluations) of the run</source>
        <translation>拖动以浏览本次运行的扩散步（网络评估）</translation>
    </message>
    <message>
        <source>Diffusion step</source>
        <translation>扩散步</translation>
    </message>
    <message>
        <source>%1 of %2 · t = %3</source>
        <translation>第 %1 / %2 步 · t = %3</translation>
    </message>
    <message>
        <source>no run yet</source>
        <translation>尚未运行</translation>
    </message>
    <message>
        <source>x_t (noisy input)</source>
        <translation>x_t（含噪输入）</translation>
    </message>
    <message>
        <source>x_0 (predicted clean image)</source>
        <translation>x_0（预测的干净图像）</translation>
    </message>
    <message>
        <source>x_t</source>
        <translation>x_t</translation>
    </message>
    <message>
        <source>x_0</source>
        <translation>x_0</translation>
    </message>
</context>
</TS>
