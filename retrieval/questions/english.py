"""Questions asked in English about plans written in Chinese.

The embedding model is multilingual, so the dense side finds the clause; the
keyword side and the coverage checks need Chinese words, which a glossary of
the field's vocabulary supplies (electric vehicles -> 新能源汽车). Answers keep
the quotes verbatim in Chinese and frame them in English.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from retrieval.questions.lexicon import Lexicon, cedict

_LATIN = re.compile(r"[A-Za-z]")
_CJK = re.compile(r"[\u4e00-\u9fff]")

# English term -> Chinese words a plan uses for it. Longest phrases are tried first.
GLOSSARY: dict[str, str] = {
    # departments as officials render them in English: the names' stems, which the alias table completes
    "development and reform commission": "发展改革委", "commerce bureau": "商务局", "bureau of commerce": "商务局",
    "science and technology bureau": "科技局", "bureau of science and technology": "科技局",
    "ecology and environment bureau": "生态环境局", "ecological environment bureau": "生态环境局",
    "bureau of ecology and environment": "生态环境局", "housing and construction commission": "住房建设委",
    "urban management commission": "城市管理委", "market regulation bureau": "市场监管局",
    "market supervision bureau": "市场监管局", "statistics bureau": "统计局", "bureau of statistics": "统计局",
    "finance bureau": "财政局", "bureau of finance": "财政局", "education bureau": "教育局", "bureau of education": "教育局",
    "culture and tourism bureau": "文化和旅游局", "human resources and social security bureau": "人社局",
    "tax bureau": "税务局", "taxation bureau": "税务局", "financial work bureau": "金融局", "financial bureau": "金融局",
    "state-owned assets supervision and administration commission": "国资委", "sasac": "国资委",
    "government services office": "政务服务办", "administrative services office": "政务服务办",
    "organisation department": "委组织部", "organization department": "委组织部", "publicity department": "委宣传部",
    "party school": "委党校", "federation of industry and commerce": "工商联", "sub-district offices": "街道办事处",
    "subdistrict offices": "街道办事处", "street offices": "街道办事处", "planning and natural resources bureau": "规划资源局",
    "collaborative innovation office": "协同创新办", "cooperation and exchange office": "合作交流办",
    "government offices administration": "机关事务", "transport commission": "交通委", "transport bureau": "交通局",
    "economy and information technology commission": "经济信息化委", "agriculture and rural affairs commission": "农业农村委",
    "carbon peak": "碳达峰", "peak carbon": "碳达峰", "carbon peaking": "碳达峰", "peaking": "达峰", "peak": "达峰",
    "carbon neutrality": "碳中和", "carbon neutral": "碳中和", "carbon emissions": "碳排放", "carbon emission": "碳排放",
    "co2": "二氧化碳", "co₂": "二氧化碳", "carbon dioxide": "二氧化碳", "emissions": "排放", "emission": "排放",
    "electric vehicles": "新能源汽车 电动汽车", "electric vehicle": "新能源汽车 电动汽车", "new energy vehicles": "新能源汽车",
    "new-energy vehicles": "新能源汽车", "ev": "新能源汽车", "charging piles": "充电桩", "charging pile": "充电桩",
    "charging stations": "充电桩 充电设施", "charging station": "充电桩 充电设施", "charging": "充电",
    "official vehicles": "公务车 公务用车", "official vehicle": "公务车 公务用车", "government vehicles": "公务用车",
    "diesel": "柴油", "buses": "公交", "bus": "公交", "public transport": "公共交通 公交", "green travel": "绿色出行",
    "cycling": "骑行 自行车", "walking": "步行", "traffic": "交通", "transport": "交通 运输", "transportation": "交通运输",
    "rooftop solar": "屋顶光伏 光伏", "rooftop photovoltaic": "屋顶光伏", "photovoltaics": "光伏", "photovoltaic": "光伏",
    "solar": "光伏 太阳能", "building-integrated": "建筑一体化", "wind power": "风电", "hydrogen": "氢能",
    "renewable energy": "可再生能源", "renewable": "可再生能源", "non-fossil": "非化石能源", "clean energy": "清洁能源",
    "natural gas": "天然气", "coal": "煤炭", "oil": "石油", "electricity": "电力", "power grid": "电网", "grid": "电网",
    "grid company": "电网企业", "energy storage": "储能",
    "energy saving": "节能", "energy-saving": "节能", "energy conservation": "节能", "energy efficiency": "能效 能源利用效率",
    "energy consumption": "能耗 能源消费", "energy": "能源", "public buildings": "公共建筑", "public building": "公共建筑",
    "new buildings": "新建建筑", "new public buildings": "新建公共建筑", "green buildings": "绿色建筑",
    "green building": "绿色建筑", "buildings": "建筑", "prefabricated": "装配式", "sponge city": "海绵城市",
    "urban renewal": "城市更新", "heating": "供热 供暖", "public institutions": "公共机构 事业单位", "public institution": "公共机构 事业单位",
    "canteens": "食堂", "canteen": "食堂", "food waste": "粮食浪费 光盘行动", "clean plate": "光盘行动",
    "waste sorting": "垃圾分类", "garbage sorting": "垃圾分类", "household waste": "生活垃圾", "waste": "垃圾 废弃物",
    "recycling": "回收 循环利用", "circular economy": "循环经济", "construction waste": "建筑垃圾",
    "plastic": "塑料", "green shopping malls": "绿色商场", "green mall": "绿色商场", "shopping malls": "商场",
    "green consumption": "绿色消费", "green finance": "绿色金融", "green credit": "绿色信贷", "finance": "金融",
    "carbon sink": "碳汇", "carbon sinks": "碳汇", "greening": "绿化", "tree planting": "植树", "trees": "植树 树木",
    "green space": "绿地 绿化用地", "parks": "公园", "forest": "森林", "wetland": "湿地", "water": "水",
    "industry": "工业 产业", "industrial": "工业", "industries": "产业", "enterprises": "企业", "companies": "企业",
    "green factories": "绿色工厂", "green factory": "绿色工厂", "clean production": "清洁生产", "data centers": "数据中心",
    "data centres": "数据中心", "digital": "数字", "technology": "科技", "innovation": "创新", "research": "研究 研发",
    "universities": "高校", "talent": "人才", "training": "培训", "cadres": "干部", "education": "教育", "schools": "学校",
    "publicity": "宣传", "awareness": "宣传 意识", "statistics": "统计", "monitoring": "监测", "accounting": "核算",
    "carbon trading": "碳排放权交易", "emissions trading": "碳排放权交易", "carbon market": "碳市场",
    "energy-use rights": "用能权", "inclusive": "普惠", "carbon inclusion": "碳普惠", "pilot": "试点", "pilots": "试点",
    "demonstration": "示范", "low-carbon": "低碳", "low carbon": "低碳", "zero-carbon": "零碳", "green": "绿色",
    "tourism": "旅游", "commerce": "商务 商业", "services": "服务业", "service industry": "服务业", "logistics": "物流",
    "international cooperation": "对外合作 国际合作", "cooperation": "合作", "belt and road": "一带一路",
    "xiong'an": "雄安", "beijing-tianjin-hebei": "京津冀", "funding": "资金", "funds": "资金", "subsidies": "补贴",
    "policy": "政策", "policies": "政策", "supervision": "监督 监管", "law enforcement": "执法", "inspection": "督查",
    "assessment": "考核 评估", "leading group": "领导小组", "organisation": "组织实施", "organization": "组织实施",
    "safeguards": "保障措施", "guarantees": "保障", "policy guarantees": "政策保障", "supporting measures": "保障措施",
    "main targets": "主要目标", "key tasks": "重点任务", "principles": "原则", "actions": "行动",
    "share": "比例 比重 占比", "proportion": "比例 比重 占比", "percentage": "比例 占比", "rate": "率", "ratio": "比例",
    "intensity": "强度", "per unit of gdp": "单位地区生产总值 单位国内生产总值 单位生产总值", "gdp": "生产总值",
    "forest coverage": "森林覆盖率", "air quality": "空气质量", "households": "居民 家庭", "residents": "居民",
    "communities": "社区", "community": "社区", "streets": "街道", "sub-district": "街道", "district": "区",
    "nankai university": "南开大学", "tianjin university": "天津大学", "nankai": "南开", "tianjin": "天津", "shanghai": "上海",
    "national": "国家 全国", "state council": "国务院",
    "regulations": "条例", "regulation": "监管", "opinions": "意见", "action plan": "行动方案", "plan": "方案",
    "online": "线上", "economy": "经济", "new economy": "新经济", "congestion": "拥堵", "university": "大学 高校",
    "basic research": "基础研究", "household": "生活 居民", "district-wide": "全区", "citywide": "全市",
    "energy-saving law enforcement": "节能执法", "illegal": "违法", "punish": "处罚", "punishing": "处罚",
    "alliance": "联盟", "entrepreneurship": "创业", "platforms": "平台", "platform": "平台", "battery": "电池",
    "integrated": "一体化", "steel": "钢铁", "cement": "水泥", "petrochemical": "石化", "chemical": "化工",
    "nonferrous": "有色金属", "manufacturing": "制造业", "agriculture": "农业", "rural": "农村", "villages": "乡村",
    "straw": "秸秆", "livestock": "畜禽", "fertilizer": "化肥", "forests": "森林", "forest stock": "森林蓄积量",
    "ports": "港口", "port": "港口", "shipping": "船舶 航运", "aviation": "航空", "railway": "铁路", "rail transit": "轨道交通",
    "metro": "地铁 轨道交通", "subway": "地铁", "passenger cars": "乘用车", "trucks": "货车", "taxis": "出租车",
    "medical waste": "医疗废物 医废", "incineration": "焚烧", "landfill": "填埋", "sewage": "污水", "scrap steel": "废钢",
    "e-bikes": "电动自行车", "electric bicycles": "电动自行车", "bicycles": "自行车", "shared bikes": "共享单车",
    "standards": "标准", "standard": "标准", "law": "法律 法规", "laws": "法律 法规", "credit": "信贷 信用",
    "investment": "投资", "fund": "基金 资金", "loans": "贷款", "tax": "税收", "price": "价格", "pricing": "价格",
    "heat pumps": "热泵", "district heating": "集中供热", "insulation": "保温", "retrofit": "改造", "retrofitting": "改造",
    "efficiency": "效率", "consumption": "消费", "total": "总量", "cap": "总量 控制", "control": "控制",
    "reduce": "减量 降低 下降 减少", "reduction": "下降 减少", "increase": "提高 增加", "fall": "下降", "rise": "提高",
    "science city": "科学城", "labs": "实验室", "laboratory": "实验室", "laboratories": "实验室", "youth": "青少年",
    "volunteers": "志愿者", "media": "媒体", "propaganda": "宣传", "party school": "党校", "leading cadres": "领导干部",
    "ecological civilization": "生态文明", "ecological": "生态", "ecology": "生态", "environmental": "环境 生态环境",
    "environment": "环境", "innovate": "创新", "innovating": "创新", "innovative": "创新",
    "government": "政府", "governments": "政府", "officials": "干部", "employees": "职工", "public": "公共",
    "waste-free city": "无废城市", "waste-free": "无废", "zero-waste": "无废", "five-year plan": "五年规划",
    "14th five-year plan": "十四五", "14th fyp": "十四五", "15th five-year plan": "十五五", "15th fyp": "十五五",
    "intermodal": "联运 多式联运", "rail-water": "铁水联运", "multimodal": "多式联运", "heat supply": "供热",
    "waste heat": "余热", "combined heat and power": "热电联产", "cogeneration": "热电联产", "central heating": "集中供热",
    "mangroves": "红树林", "mangrove": "红树林", "seagrass": "海草床", "salt marshes": "盐沼", "salt marsh": "盐沼",
    "coastal": "海洋 滨海", "ecosystems": "生态系统", "ecosystem": "生态系统", "methane": "甲烷",
    "carbon capture": "碳捕集", "ccus": "碳捕集利用与封存", "green electricity": "绿电 绿色电力",
    "new-type energy storage": "新型储能", "smart grid": "智能电网", "distributed": "分布式", "heat pump": "热泵",
    "ultra-low energy": "超低能耗", "nearly zero-energy": "近零能耗", "shore power": "岸电", "cold chain": "冷链",
    "express packaging": "快递包装", "packaging": "包装", "second-hand": "二手", "reclaimed water": "再生水",
    "water saving": "节水", "water-saving": "节水", "garden waste": "园林绿化废弃物 园林垃圾", "kitchen waste": "厨余垃圾",
    "headquarters": "总部", "industrial chain": "产业链", "industrial chains": "产业链", "supply chain": "供应链",
    "certification": "认证", "certified": "认证", "labelling": "标识", "labeling": "标识", "labels": "标识 标签",
    "energy management system": "能源管理体系", "energy management systems": "能源管理体系",
    "sanitation vehicles": "环卫车辆 环卫", "sanitation": "环卫", "shared": "共享", "sharing": "共享", "sprinkling": "洒水",
    "car washing": "洗车", "fine": "罚款", "fines": "罚款", "penalty": "处罚 罚款", "penalties": "处罚 罚款",
    "science park": "科技园", "startups": "初创 新办", "start-ups": "初创 新办", "motors": "电机", "pumps": "泵 水泵",
    "pests": "病虫害 虫害", "pest": "病虫害 虫害", "diseases": "病虫害 病害", "incidence": "发生率",
    "metering": "计量", "heat metering": "供热计量 计量", "billing": "收费 计费", "charges": "收费 费用",
    "pool": "集聚 汇聚", "pooling": "集聚 汇聚", "concentration": "集聚", "cluster": "集群 集聚", "clusters": "集群 集聚",
    "hub": "高地 中心 集聚", "optimise": "优化", "optimize": "优化", "optimising": "优化", "optimizing": "优化",
    "optimisation": "优化", "optimization": "优化", "allocate": "配置", "allocated": "配置", "allocation": "配置",
    "forces": "力量", "factors": "要素", "resources": "资源", "cutting-edge": "前沿", "frontier": "前沿",
    "first-of-their-kind": "首创", "first-of-its-kind": "首创", "pioneering": "首创", "products": "产品",
    "product": "产品", "launch": "推出", "budgeting": "预算", "budget": "预算", "check-ups": "诊断", "checkups": "诊断",
    "indigenous": "自主", "independent": "自主", "original innovation": "原始创新 原创", "capacity": "能力 容量",
    "capabilities": "能力", "remanufacturing": "再制造", "renewable resources": "再生资源", "high-end": "高端",
    "high-quality": "高质量", "orderly": "有序", "reasonable": "合理", "demand": "需求", "guarantee": "保障",
    "guaranteeing": "保障", "recycle": "回收 循环利用", "sci-tech": "科技",
    "science and technology": "科技", "demonstration zone": "示范区", "incubation": "孵化", "incubators": "孵化器",
    "commercialisation": "成果转化 转化", "commercialization": "成果转化 转化", "intellectual property": "知识产权",
    "carbon footprint": "碳足迹", "green bonds": "绿色债券", "bonds": "债券", "insurance": "保险",
    "cross-border": "跨境", "financing": "融资", "trade": "贸易 经贸", "families": "家庭", "rewards": "奖励",
    "evaluation": "评价", "accountability": "问责", "lighting": "照明", "appliances": "家电", "smart": "智能 智慧",
    "intelligent": "智能", "big data": "大数据", "artificial intelligence": "人工智能", "internet": "互联网",
    "science and technology park": "科技园", "sci-tech park": "科技园", "showcase": "示范 推广", "reuse": "再利用 利用 回用",
    "official cars": "公务车 公务用车", "old": "老旧", "sped up": "加快", "speed up": "加快", "speeding up": "加快",
    "sequestration": "固碳 碳汇", "carbon sequestration": "固碳 碳汇", "marine": "海洋", "parcel": "快件 快递 包裹",
    "parcels": "快件 快递 包裹", "parcel-acceptance": "收寄", "acceptance": "收寄 验收", "lifted out of poverty": "脱贫",
    "poverty": "脱贫 贫困", "full coverage": "全覆盖", "sorting": "分类", "urban": "城市 城区",
    "laws and regulations": "法律法规 依法依规", "in line with": "依据 按照", "make sure": "确保", "ensure": "确保",
    "phasing out": "淘汰", "phase out": "淘汰", "phased out": "淘汰", "backward": "落后", "real economy": "实体经济",
    "new-generation": "新一代", "new generation": "新一代", "information technology": "信息技术", "new-energy": "新能源",
    "replaced": "更新 替换", "replace": "更新 替换", "newly added": "新增", "industrial base": "产业基础",
    "advanced": "先进 高级化", "modern": "现代化 现代", "modernisation": "现代化", "modernization": "现代化",
    "resilience": "韧性", "resilient": "韧性", "lift": "提升 提高", "lifting": "提升 提高", "boost": "提升 提高",
    "boosting": "提升 提高", "raise": "提升 提高",
    "raising": "提升 提高", "enhance": "增强 提升", "enhancing": "增强 提升",
    "drop": "下降 降低", "decline": "下降", "decrease": "下降 减少", "cut": "下降 降低 减少", "lower": "降低",
    "energy use": "用能 能耗 能源消费 能源消耗", "above-scale": "规模以上", "above designated size": "规模以上",
    "large-scale industrial": "规模以上工业", "industrial firms": "工业企业", "firms": "企业", "firm": "企业",
    "battery-electric": "纯电动", "small passenger cars": "小客车 小型乘用车", "small passenger car": "小客车 小型乘用车",
    "cpc": "中共中央", "pure electric": "纯电动", "state organs": "党政机关 国家机关 机关",
    "party and government organs": "党政机关", "meet": "达到 满足", "creation": "创建", "bulk solid waste": "大宗固废",
    "utilised": "利用", "utilized": "利用", "utilise": "利用", "utilize": "利用", "e-commerce": "电商 电子商务",
    "second-layer packaging": "二次包装", "secondary packaging": "二次包装",
    "approve": "审核 批准 审批", "approved": "审核 批准 审批", "approval": "审核 批准 审批", "locally": "地方", "local": "地方",
    "warn": "防止 警惕", "avoid": "避免 防止", "cutting emissions": "减碳 降碳 减排", "cut emissions": "减碳 降碳 减排",
    "clean plate campaign": "光盘行动", "clean your plate": "光盘行动", "light plate campaign": "光盘行动",
    "empty plate campaign": "光盘行动", "leading group office": "领导小组办公室", "main tasks": "重点任务 主要任务",
    "guiding principles": "工作原则 基本原则", "working principles": "工作原则",
    "guiding ideology": "指导思想", "guiding thought": "指导思想", "overall requirements": "总体要求",
    "main objectives": "主要目标", "main goals": "主要目标", "main targets": "主要目标", "safeguard measures": "保障措施",
    "policy safeguards": "政策保障", "policy guarantees": "政策保障", "external cooperation": "对外合作",
    "built-up area": "建成区", "built-up areas": "建成区", "flagship": "优势 旗舰", "research projects": "科研项目",
    "research project": "科研项目", "industrial structure": "产业结构", "circular": "循环", "circular development": "循环发展",
    "reduces": "减量 减少 降低",
    "reduced": "减量 减少 降低", "carbon reduction": "降碳 减碳", "carbon-cutting": "降碳 减碳", "mechanisms": "机制",
    "mechanism": "机制", "system and mechanisms": "体制机制", "institutions and mechanisms": "体制机制",
    "energy-using": "用能", "energy using": "用能", "upgrade": "改造 升级", "upgrades": "改造 升级", "upgrading": "改造 升级",
    "two high, one low": "两高一低", "two highs and one low": "两高一低", "two high": "两高", "two highs": "两高",
    "curb": "遏制 控制", "curbing": "遏制 控制", "thousand parks": "千座公园", "programme": "计划", "program": "计划",
    "travel": "出行", "trips": "出行", "trip": "出行", "green modes": "绿色出行", "coal-consuming": "耗煤 用煤 燃煤", "coal-fired": "燃煤 耗煤",
    "consuming": "消费 消耗", "central": "中央 党中央", "overseas": "境外 海外", "blanket": "一刀切",
    "power and production cuts": "限电限产 限电 限产", "power cuts": "限电", "production cuts": "限产",
    "drafting": "制定 编制", "provinces": "各省 省", "province": "省", "life cycle": "生命周期", "lifecycle": "生命周期",
    "whole industrial chain": "全产业链",
    "whole industry chain": "全产业链", "state-owned firms": "国有企业 国企", "state-owned enterprises": "国有企业 国企",
    "state-owned": "国有 国资", "draw up": "制定 编制", "drawing up": "制定 编制", "draws up": "制定 编制",
    "division-level": "处级", "division level": "处级", "thrift-oriented": "节约型", "thrift": "节约",
    "heavy industry": "产业结构偏重 偏重 重工业", "coal-dominated": "偏煤 以煤为主", "coal-heavy": "偏煤 以煤为主",
    "energy-intensive": "高耗能 耗能高 能耗高", "producers": "生产单位 生产者 生产企业", "producer": "生产单位 生产者 生产企业",
    "comply with": "执行 遵守 符合", "complies with": "执行 遵守 符合", "fly ash": "飞灰", "co-disposal": "协同处置",
    "hazardous waste": "危险废物 危废", "hazardous": "危险", "mode": "方式", "modes": "方式", "citizens": "市民 居民",
    "citizen": "市民 居民",
    "water consumption": "用水 水耗", "water use": "用水 水耗", "association for science and technology": "科协 科学技术协会",
    "science association": "科协", "end-use": "终端", "end use": "终端", "sectors": "领域 行业", "sector": "领域 行业",
    "shift to": "替代 转变",
    "growth": "增长", "grow": "增长", "equipment": "设备 装备", "boilers": "锅炉", "transformers": "变压器", "diagnosis": "诊断",
    "audits": "审计 诊断", "temporarily": "临时", "temporary": "临时", "green land": "绿化用地 绿地",
    "truly": "确需 确实", "coverage": "覆盖 覆盖率 全覆盖",
    "metered": "计量", "metering": "计量", "billed": "计量 计费", "handbook": "手册", "public servants": "公职人员",
    "civil servants": "公职人员", "earth day": "地球日", "publicity week": "宣传周", "conservation week": "节能宣传周",
    "themed": "主题", "reusable": "可循环", "crates": "周转箱 包装", "fresh-food": "生鲜", "fresh food": "生鲜",
    "chain-store": "连锁", "chain store": "连锁", "same-city": "同城", "headquarters": "总部", "cluster": "集聚",
    "supermarkets": "超市 商超", "supermarket": "超市 商超", "green purchasing": "绿色采购", "green procurement": "绿色采购",
    "lng": "液化天然气", "liquefied natural gas": "液化天然气", "farmers' houses": "农房", "farm houses": "农房",
    "rural houses": "农房", "farmhouses": "农房", "old flats": "既有居住建筑 老旧小区", "old residential": "既有居住建筑 老旧小区",
    "no longer": "不再", "pilot zone": "先导区 试验区 示范区", "core pilot zone": "核心先导区", "capacity": "产能 能力 容量", "capacities": "产能 能力 容量", "cut": "压减 削减 减少 降低", "cuts": "压减 削减 减少 降低",
    "cutting": "压减 削减 减少 降低", "terminal": "站线 接收站 终端", "terminals": "站线 接收站 终端", "pipeline": "管网 管道", "pipelines": "管网 管道",
}
_STOP = set(
    "who whom whose which what when where why how is are was were be been being do does did the a an of in on at to for "
    "and or by with from as into under about this that these those it its their there should shall will would can could "
    "must may might responsible charge department departments unit units agency agencies office offices bureau body "
    "bodies organisation organization handle handles handled lead leads own owns task tasks work job duty duties much many "
    "share percentage proportion target targets year years per cent percent according plan's plans document say says said "
    "need needs required require requires set sets make made get reach reached achieve achieved be have has had any all "
    "each every more most less than up down also only new main key over next nankai's district's tianjin's shanghai's "
    "promote promoting promotes support supports supporting build building's carry out implement implementing "
    "implements develop developing expand expanding improve improving strengthen strengthening encourage encouraging "
    "issue issued date number title called name named list listed oversee oversees overseeing handles handling "
    "charged care cares look looks hook tasked meant continue continuing continues exploring explore explores such "
    "tighten tightening operating making ensuring answer answers answerable stage areas area want wants wanted done "
    "two three four five six happen happens compared among aim aims slice play plays role improves improved "
    "strengthens promotes develops expands builds carries someone somebody anyone anybody they them requirement requirements across full takes other others expect expects expected tell tells told while besides "
    "getting gets got big like together after turning turn turns into place bureaus commissions ministries assigned assign "
    "assigns allocated".split()
)
# "sponge-city" and "sponge city", "low carbon" and "low-carbon" are the same entry
_PATTERN = re.compile(r"\b(" + "|".join(re.escape(k).replace(r"\ ", r"[\s-]").replace(r"\-", r"[\s-]")
                                        for k in sorted(GLOSSARY, key=len, reverse=True)) + r")(?:s|es)?\b", re.I)


def _spaced(term: str) -> str:
    return re.sub(r"[\s-]+", " ", term.lower())


_GLOSS = {_spaced(k): v for k, v in GLOSSARY.items()}
_YEAR = re.compile(r"\b(20\d\d)\b")


def in_plans_words(word: str) -> str:
    """A Latin word in a Chinese question (GDP, CCUS, EV) as the plans write it, alternatives joined by "|"."""
    found = [w for w in _GLOSS.get(_spaced(word), "").split() if len(w) >= 2]
    return "|".join(found) or word


def is_english(text: str) -> bool:
    """Mostly Latin letters and no more than a few Chinese characters (unit names may be quoted in Chinese)."""
    return len(_LATIN.findall(text)) > 2 * len(_CJK.findall(text)) and len(_LATIN.findall(text)) >= 6


@dataclass(frozen=True)
class Translation:
    text: str  # every Chinese word found, the years and any Chinese quoted: what the keyword side searches
    concepts: list[str]  # one term per English concept, its Chinese alternatives joined by "|" (see words.covered)
    glossed: list[str]  # those the field glossary gave or the asker quoted in Chinese; not the dictionary's guesses
    # for common words (meet -> 会议)
    naming: str = ""  # what may name a document: the glossary's words, places and years, never a guess ("idea" -> 意见)
    titling: list[str] = field(default_factory=list)  # the concepts said in a document's name ("the carbon peak plan")


# "Nankai's carbon peak plan": the words before a document's kind name it; "when will Nankai peak" asks about peaking
_DOC_NAME = re.compile(r"((?:[\w'-]+\s+){1,3})(?:implementation plan|action plan|plan|regulations|opinions)\b", re.I)


def _merged(concepts: list[str]) -> list[str]:
    """Two English words the field glossary renders alike are one concept ("warn … to avoid": 防止 once), so a word
    the clause does not write is not counted twice against it. (Not the dictionary's guesses: "wind" and "sea"
    share 海风 there.)"""
    alts = list(dict.fromkeys(a for c in concepts for a in c.split("|")))
    groups: list[set[str]] = []
    for concept in concepts:
        group = set(concept.split("|"))
        for other in [g for g in groups if g & group]:
            group |= other
            groups.remove(other)
        groups.append(group)
    groups.sort(key=lambda g: min(map(alts.index, g)))
    return ["|".join(sorted(g, key=alts.index)) for g in groups]


def to_chinese_terms(text: str, lexicon: Lexicon | None = None) -> Translation:
    """The question's terms in the plans' words, with its years and any Chinese it quotes.

    The field glossary comes first; other words go through the dictionary
    (lexicon.py), kept to words the library uses. Content words neither knows
    are kept in English: they match no clause, so a question about something
    the plans never mention does not look covered by the few words that were
    understood.
    """
    concepts = _merged([c for m in _PATTERN.finditer(text)
                        if (c := "|".join(w for w in _GLOSS[_spaced(m.group(1))].split() if len(w) >= 2))])
    glossed = list(concepts)
    unglossed = _PATTERN.sub(" , ", text)
    words = [re.sub(r"'s$", "", w).strip("'") for w in re.findall(r"[A-Za-z][A-Za-z']+", unglossed.replace("-", " "))]
    rest = [w for w in words if w.lower() not in _STOP and len(w) > 2]
    for word, found in (lexicon.translate([w.lower() for w in rest]) if lexicon else [(w, []) for w in rest]):
        concepts.append("|".join(found) if found else word)
    # a place the field glossary does not know ("Chongqing's plan"): its Chinese name, so the question's
    # scope sees the place named and says when the library holds nothing of it
    named = [cedict().places.get(w.lower(), "") for w in re.findall(r"\b[A-Z][a-z]+\b", unglossed)]
    places = [p for p in named if p]
    concepts += places
    years = [f"{y}年" for y in _YEAR.findall(text)]
    quoted = [w.strip("（）()") for w in re.findall(r"[\u4e00-\u9fff（）()]+", text) if w.strip("（）()")]
    concepts = list(dict.fromkeys([*(c for c in concepts if c), *quoted]))
    titling = ["|".join(w for w in _GLOSS[_spaced(g.group(1))].split() if len(w) >= 2)
               for m in _DOC_NAME.finditer(text) for g in _PATTERN.finditer(m.group(0))]
    return Translation(" ".join([*years, *(c.replace("|", " ") for c in concepts)]), concepts, [*glossed, *quoted],
                       " ".join([*years, *(c.replace("|", " ") for c in [*glossed, *quoted, *places])]), titling)
