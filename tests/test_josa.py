"""Korean particles chosen for the word before them (studycli.josa), and the catalogue slots
(`{name:은}`) that use them, so no Korean text needs a template form such as 은(는)."""

from __future__ import annotations

import pytest

from studycli.i18n import Msg, msg, with_particles
from studycli.josa import CONSONANT, RIEUL, VOWEL, attach, choices, choose, final_sound


@pytest.mark.parametrize("word, sound", [
    ("경보", VOWEL), ("지표", VOWEL), ("로그 그룹", CONSONANT), ("추적", CONSONANT), ("규칙", CONSONANT),
    ("레일", RIEUL), ("5분", CONSONANT), ("14일", RIEUL), ("3회", VOWEL), ("경보 10,000개", VOWEL),
])
def test_hangul_ends_as_its_last_syllable(word, sound):
    assert final_sound(word) == sound


@pytest.mark.parametrize("word, particle, expected", [
    # how Koreans read English names and code
    ("ALARM", "로", "ALARM으로"),               # 알람
    ("OK", "으로", "OK로"),                      # 오케이
    ("INSUFFICIENT_DATA", "은", "INSUFFICIENT_DATA는"),  # 데이터
    ("DatapointsToAlarm", "는", "DatapointsToAlarm은"),  # 알람
    ("PutMetricData", "을", "PutMetricData를"),
    ("CloudTrail", "으로", "CloudTrail로"),       # 트레일: ㄹ takes 로
    ("CloudWatch", "이", "CloudWatch가"),         # 워치
    ("SNS", "은", "SNS는"),                      # 에스엔에스
    ("JSON", "는", "JSON은"),                    # 제이슨
    ("SQL", "으로", "SQL로"),                    # 에스큐엘
    ("S3", "은", "S3는"),                        # 에스쓰리
    ("EC2", "을", "EC2를"),                      # 이씨투
    ("Amazon Route 53", "는", "Amazon Route 53은"),  # 오십삼
    ("AWS/ApplicationELB", "은", "AWS/ApplicationELB는"),
    ("CPUUtilization", "가", "CPUUtilization이"),  # 유틸라이제이션
    ("Amazon Redshift", "은", "Amazon Redshift는"),
    ("Security Hub", "은", "Security Hub는"),      # 허브
    ("S3 bucket", "는", "S3 bucket은"),            # 버킷
    ("Logs Insights", "을", "Logs Insights를"),
    ("NOT_APPLICABLE", "으로", "NOT_APPLICABLE로"),  # 어플리커블
    ("XOR", "은", "XOR는"),
    ("Parquet", "은", "Parquet는"),                # 파케이
    ("i-0abc", "이", "i-0abc가"),                  # 에이비씨
    ("p99", "은", "p99는"),                        # 피구십구
    ("uploads/diagram.png", "이", "uploads/diagram.png가"),
    # numbers as Sino-Korean
    ("30", "는", "30은"), ("1", "으로", "1로"), ("2", "을", "2를"), ("1,000", "는", "1,000은"), ("0.003", "가", "0.003이"),
    # notes in parentheses are not read before the particle; a call is read to its argument
    ("임베디드 지표 형식(EMF)", "는", "임베디드 지표 형식(EMF)은"),
    ("세션 시간(분)", "을", "세션 시간(분)을"),
    ("OK(NetworkOutHigh)", "이", "OK(NetworkOutHigh)가"),
    ("cron(0 0 * * ? *)", "로", "cron(0 0 * * ? *)으로"),
])
def test_attach_picks_the_form_for_how_the_word_is_read(word, particle, expected):
    assert attach(word, particle) == expected


def test_either_form_names_the_particle_and_unknown_words_pass_through():
    assert choose("경보", "은") == choose("경보", "는") == "는"
    assert choose("경보", "에서") == "에서"          # no pair: as written
    assert attach("지표 ", "을") == "지표를"             # never a space before the particle


def test_a_parenthesis_at_the_end_may_be_read_either_way():
    assert choices("API(EnableLogFileValidation)", "로") == {"로", "으로"}
    assert choices("지표", "로") == {"로"}


def test_catalogue_slots_take_the_particle_their_value_needs():
    assert with_particles("{value:은} {means}이다.", {"value": "ALARM", "means": "x"}) == "{value}은 {means}이다."
    assert with_particles("{value:은} {means}이다.", {"value": "지표 경보", "means": "x"}) == "{value}는 {means}이다."
    assert msg("quiz.why.key", "ko", value="OK", means="정상 상태") == "OK는 정상 상태이다."
    assert msg("quiz.why.key", "ko", value="Amazon Redshift", means="데이터 웨어하우스") == \
        "Amazon Redshift는 데이터 웨어하우스이다."
    assert msg("quiz.why.not_it", "ko", value="ALARM", means="기본 상태") == "ALARM은 기본 상태가 아니다."
    nested = msg("quiz.why.not_true", "ko", note=Msg("quiz.why.key", {"value": "S3", "means": "저장소"}))
    assert nested == "참이 아니다. S3는 저장소이다."
